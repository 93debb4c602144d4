import { assertJetStream, connectNats, readNatsEnv } from '../src/nats-connection';

describe(connectNats.name, () => {
  it('should connect to the configured server and find JetStream there', async () => {
    const nc = await connectNats('messaging-spec', readNatsEnv().NATS_URL);
    try {
      await expect(assertJetStream(nc)).resolves.toBeUndefined();
      expect(nc.info?.jetstream).toBe(true);
    } finally {
      await nc.close();
    }
  });

  it('should fail with the server named when nothing listens there', async () => {
    await expect(connectNats('messaging-spec', 'nats://127.0.0.1:1')).rejects.toThrow();
  });
});
