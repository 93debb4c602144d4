// One file at a time (`--runInBand`): each file starts the whole system as processes.
module.exports = { ...require('../../jest.preset'), displayName: 'system', testTimeout: 120_000 };
