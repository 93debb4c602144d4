module.exports = { ...require('../../jest.preset'), displayName: 'progress' };
