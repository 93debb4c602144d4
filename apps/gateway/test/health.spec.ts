import { startGateway, type Gateway } from './support';

interface HealthBody {
  details: Record<string, { status: string }>;
  error: Record<string, { status: string }>;
}

describe('gateway /health', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(() => gateway?.close());

  it('should report the database and the bus up, without a token', async () => {
    const response = await fetch(`${gateway.url}/health`);
    const body = (await response.json()) as HealthBody;

    expect(response.status).toBe(200);
    expect(body.details).toMatchObject({ database: { status: 'up' }, nats: { status: 'up' } });
  });

  it('should answer liveness without touching dependencies', async () => {
    expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
  });

  it('should report 503 naming the database when it is gone', async () => {
    await gateway.db.drop();
    const response = await fetch(`${gateway.url}/health/ready`);
    const body = (await response.json()) as HealthBody;

    expect(response.status).toBe(503);
    expect(body.error).toHaveProperty('database.status', 'down');
    expect(body.details).toHaveProperty('nats.status', 'up');
  });
});
