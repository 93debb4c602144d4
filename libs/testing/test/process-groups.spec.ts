import { AppStartError, expectEventually, spawnTracked, startAppProcess } from '@tandem/testing';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe(spawnTracked.name, () => {
  it('should stop a process and the processes it started when it is stopped', async () => {
    // A shell that starts a grandchild and prints its pid.
    const tracked = spawnTracked('sh', ['-c', 'tail -f /dev/null & echo $!; wait'], { label: 'shell', stdio: ['ignore', 'pipe', 'ignore'] });
    let printed = '';
    tracked.child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const grandchild = await expectEventually(() => {
      const pid = Number(printed.trim());
      expect(pid).toBeGreaterThan(0);
      return pid;
    });
    expect(alive(grandchild)).toBe(true);
    await tracked.stop();
    await expectEventually(() => expect(alive(grandchild)).toBe(false));
  });

  it('should say why and show the output when an app exits before it is healthy', async () => {
    const error = await startAppProcess('no-such-app', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppStartError);
    expect((error as AppStartError).message).toMatch(/no-such-app did not start: .*main\.js is missing: build the apps first/);
  });
});
