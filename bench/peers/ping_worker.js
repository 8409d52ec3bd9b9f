// An NDJSON JSON-RPC 2.0 ping worker written the way a Node user writes one.
//
// One JSON text per line on stdin (readline); one reply per request with
// process.stdout.write. `ping` answers {"jsonrpc":"2.0","id":<id>,"result":{}};
// any other method is -32601.
'use strict';

const readline = require('node:readline');

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });

rl.on('line', (line) => {
  if (line.trim() === '') return;
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    process.stdout.write(
      JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }) + '\n');
    return;
  }
  if (message === null || typeof message !== 'object' || !('id' in message)) return; // notification
  const reply = message.method === 'ping'
    ? { jsonrpc: '2.0', id: message.id, result: {} }
    : { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } };
  process.stdout.write(JSON.stringify(reply) + '\n');
});
