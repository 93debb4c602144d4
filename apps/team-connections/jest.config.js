module.exports = { ...require('../../jest.preset'), displayName: 'team-connections' };
