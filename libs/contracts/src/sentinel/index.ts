// The sentinel service's contracts (events, commands, queries); registered in ../registry.ts.
export {};
