// Preload (`node --require scripts/no-network.cjs …`) that refuses every network connection and DNS
// look-up, and says so on stderr: the contract test runs Redocly under it to prove the lint fetches
// nothing (no telemetry, no update check, no remote ruleset).
const net = require('node:net');
const dns = require('node:dns');

const refuse = (what) => {
  process.stderr.write(`NETWORK ATTEMPT REFUSED: ${what}\n`);
  throw new Error(`network access refused (${what})`);
};
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const [first] = args;
  // Local IPC (a path) is not the network.
  if (typeof first === 'string' || (first && typeof first === 'object' && 'path' in first && first.path)) {
    return originalConnect.apply(this, args);
  }
  return refuse(`connect ${JSON.stringify(first)}`);
};
dns.lookup = (hostname) => refuse(`dns.lookup ${hostname}`);
dns.promises.lookup = async (hostname) => refuse(`dns.promises.lookup ${hostname}`);
globalThis.fetch = async (input) => refuse(`fetch ${String(input)}`);
