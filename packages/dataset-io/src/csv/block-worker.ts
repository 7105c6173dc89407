// Worker-thread entry: parses CSV blocks sent by `openCsv` and sends the columns back,
// transferring their buffers instead of copying them.
import { parentPort } from 'node:worker_threads';
import { FieldKind } from './parse-block.js';
import { type BlockTask, readBlock } from './read-block.js';

const port = parentPort;
if (port === null) throw new Error('block-worker.js must run in a worker thread');

port.on('message', (message: { id: number; task: BlockTask }) => {
  try {
    const block = readBlock(message.task);
    const transfer: ArrayBuffer[] = [];
    for (const column of block.columns) {
      if (column.kind === FieldKind.Number) {
        transfer.push(column.values.buffer as ArrayBuffer);
        if (column.validity !== undefined) transfer.push(column.validity.buffer as ArrayBuffer);
      }
      else if (column.kind === FieldKind.Text) transfer.push(column.offsets.buffer as ArrayBuffer, column.data.buffer as ArrayBuffer, column.validity.buffer as ArrayBuffer);
    }
    port.postMessage({ id: message.id, block }, transfer);
  } catch (error) {
    port.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
