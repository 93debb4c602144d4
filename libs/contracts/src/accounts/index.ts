export { UserDeleted } from './user-deleted';
export { UserErased } from './user-erased';
export { UserRegistered } from './user-registered';
