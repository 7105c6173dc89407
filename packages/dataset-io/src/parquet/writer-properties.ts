export type ParquetCompression = 'snappy' | 'zstd' | 'lz4' | 'none';

type ParquetWasm = typeof import('parquet-wasm');

/**
 * The writer settings dpp uses: the given compression (snappy by default: every reader
 * has it, and it is fast), dictionary encoding only for text columns (on float columns it
 * halves the write speed and saves nothing, measured), chunk statistics.
 */
export function parquetWriterProperties(
  wasm: ParquetWasm,
  textColumns: readonly string[],
  options: { compression?: ParquetCompression; rowGroupRows?: number },
): ReturnType<InstanceType<ParquetWasm['WriterPropertiesBuilder']>['build']> {
  const compression = {
    snappy: wasm.Compression.SNAPPY,
    zstd: wasm.Compression.ZSTD,
    lz4: wasm.Compression.LZ4_RAW,
    none: wasm.Compression.UNCOMPRESSED,
  }[options.compression ?? 'snappy'];
  let builder = new wasm.WriterPropertiesBuilder()
    .setCompression(compression)
    .setDictionaryEnabled(false)
    .setStatisticsEnabled(wasm.EnabledStatistics.Chunk)
    .setMaxRowGroupSize(options.rowGroupRows ?? 65_536)
    .setCreatedBy('@dpp/dataset-io');
  for (const name of textColumns) builder = builder.setColumnDictionaryEnabled(name, true);
  return builder.build();
}
