module.exports = { ...require('../../jest.preset'), displayName: 'identities' };
