// Validates Kubernetes and KEDA objects (a JSON array on stdin) with the JSON schemas compiled into
// kubernetes-models and @kubernetes-models/keda; prints one array of problems per object. A plain
// Node ESM process: those packages publish ESM behind the `import` condition only, which Jest's
// CommonJS runtime cannot load. Used by validate.ts.
import { text } from 'node:stream/consumers';

const MODULES = { 'keda.sh/v1alpha1': '@kubernetes-models/keda/keda.sh/v1alpha1' };

async function problemsOf(manifest) {
  const specifier = MODULES[manifest.apiVersion] ?? `kubernetes-models/${manifest.apiVersion}`;
  let exported;
  try {
    exported = await import(specifier);
  } catch (error) {
    return [`No schema for ${manifest.apiVersion} (${specifier}): ${error.message}`];
  }
  const Model = exported[manifest.kind];
  if (typeof Model !== 'function') return [`No schema for ${manifest.kind} in ${manifest.apiVersion}`];
  try {
    new Model(manifest).validate();
    return [];
  } catch (error) {
    return [error.message];
  }
}

const manifests = JSON.parse(await text(process.stdin));
process.stdout.write(JSON.stringify(await Promise.all(manifests.map(problemsOf))));
