// Worker-thread entry: encodes Arrow IPC streams as Parquet files with parquet-wasm, so
// that several parts are encoded at once. Answers with the file's bytes, transferred.
import { parentPort } from 'node:worker_threads';
import { type ParquetCompression, parquetWriterProperties } from './writer-properties.js';

const port = parentPort;
if (port === null) throw new Error('encode-worker.js must run in a worker thread');
const wasm = await import('parquet-wasm');

port.on('message', (message: { id: number; ipc: Uint8Array; textColumns: string[]; compression: ParquetCompression; rowGroupRows: number }) => {
  try {
    const table = wasm.Table.fromIPCStream(message.ipc);
    const bytes = wasm.writeParquet(table, parquetWriterProperties(wasm, message.textColumns, message));
    port.postMessage({ id: message.id, bytes }, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
