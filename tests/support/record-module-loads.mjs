/**
 * Module hooks (node:module register) that post the URL of every module resolved through
 * `import` to the port given at registration. What `require` loads is in require.cache instead.
 */
let port;

export async function initialize(data) {
  port = data.port;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  port.postMessage(resolved.url);
  return resolved;
}
