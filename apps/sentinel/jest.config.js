module.exports = { ...require('../../jest.preset'), displayName: 'sentinel' };
