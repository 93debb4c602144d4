import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('runtime', () => {
  it('should be the Node major the workspace pins, not the machine default', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
    const pinnedMajor = String(pkg.devDependencies.node).split('.')[0];

    expect(process.versions.node.split('.')[0]).toBe(pinnedMajor);
    expect(pkg.engines.node).toContain(`<${Number(pinnedMajor) + 1}`);
  });
});
