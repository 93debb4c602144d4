module.exports = { ...require('../../jest.preset'), displayName: 'llm' };
