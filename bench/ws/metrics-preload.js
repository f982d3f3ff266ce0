'use strict';
// Benchmark-only preload (`node --expose-gc -r bench/ws/metrics-preload.js server.js`,
// spawned with an IPC channel): on the message 'bench:memory' the server process
// collects garbage and answers its process.memoryUsage(). A signal would not do: Nest's
// shutdown hooks treat SIGUSR2 as a shutdown signal. Never loaded by the application.
if (typeof process.send === 'function') {
  process.on('message', (message) => {
    if (message !== 'bench:memory') return;
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    process.send({ benchMemory: process.memoryUsage() });
  });
  // The channel must not keep the server alive after its own shutdown.
  process.channel.unref();
}
