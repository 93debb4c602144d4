module.exports = { ...require('../../jest.preset'), displayName: 'coach-state' };
