// A minimal Node orchestrator for csmigrate: `node examples/orchestrator.mjs [path/to/csmigrate]`.
// It correlates replies by id, prints progress, and cancels a long request.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const binary = process.argv[2] ?? ".build/debug/csmigrate";
const worker = spawn(binary, ["serve", "--plugins", "diagnostics"], { stdio: ["pipe", "pipe", "inherit"] });
const pending = new Map();
let nextId = 1;

createInterface({ input: worker.stdout }).on("line", (line) => {
  const message = JSON.parse(line);
  if (message.method === "notifications/progress") {
    const { progress, total, message: text } = message.params;
    console.log(`  progress ${progress}/${total}: ${text}`);
  } else if (pending.has(message.id)) {
    pending.get(message.id)(message);
    pending.delete(message.id);
  }
});

function call(method, params) {
  const id = nextId++;
  worker.stdin.write(JSON.stringify({ jsonrpc: "2.0", id, method, params }) + "\n");
  const reply = new Promise((resolve) => pending.set(id, resolve));
  return { id, reply };
}

const notify = (method, params) => worker.stdin.write(JSON.stringify({ jsonrpc: "2.0", method, params }) + "\n");

const init = await call("initialize", { clientInfo: { name: "orchestrator.mjs" } }).reply;
console.log(`initialize: ${init.result.serverInfo.name} ${init.result.serverInfo.version}`);
console.log(`ping: ${JSON.stringify((await call("ping").reply).result)}`);
const slow = await call("diagnostics/slow", { steps: 3, stepMilliseconds: 50, _meta: { progressToken: "n1" } }).reply;
console.log(`diagnostics/slow: ${JSON.stringify(slow.result)}`);
const long = call("diagnostics/slow", { steps: 1000, stepMilliseconds: 50 });
notify("notifications/cancelled", { requestId: long.id });
console.log(`cancelled request: ${JSON.stringify((await long.reply).error)}`);
await call("shutdown").reply;
notify("exit");
worker.stdin.end();
worker.on("exit", (code) => {
  console.log(`worker exited with ${code}`);
  process.exit(code ?? 1);
});
