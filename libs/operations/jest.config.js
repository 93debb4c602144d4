module.exports = { ...require('../../jest.preset'), displayName: 'operations' };
