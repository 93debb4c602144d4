module.exports = { ...require('../../jest.preset'), displayName: 'persistence' };
