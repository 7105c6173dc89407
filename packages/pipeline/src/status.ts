import { type Store, layout, listBatches, listModelVersions, readChampion, readManifest } from '@dpp/artifact-store';

export interface DatasetStatus {
  rows: number;
  columns: number;
  defaults: number | undefined;
  createdAt: string;
  command: string;
}

export interface BatchStatus {
  id: string;
  rows: number;
  /** Scores were written to `test_sample_inference/<batch>/`. */
  scored: boolean;
  /** The batch's true outcomes arrived (`feedback`). */
  labeled: boolean;
  createdAt: string;
}

export interface ModelStatus {
  version: string;
  metrics: { auc?: number; gini?: number; ks?: number };
  trainedOn: string | undefined;
  features: string[] | undefined;
}

/** What `dpp-trainer status --json` prints (the shape shared/DESIGN.md promises). */
export interface StoreStatus {
  store: string;
  datasets: { train: DatasetStatus | null; test: DatasetStatus | null };
  batches: BatchStatus[];
  models: ModelStatus[];
  champion: string | null;
}

/** Reads the state of a store: datasets, batches, models and the champion. Writes nothing. */
export async function status(store: Store): Promise<StoreStatus> {
  const dataset = async (prefix: string): Promise<DatasetStatus | null> => {
    const manifest = await readManifest(store, prefix).catch(() => null);
    if (manifest === null) return null;
    const extra = (manifest.extra ?? {}) as { defaults?: number };
    return { rows: manifest.rows, columns: manifest.schema.length, defaults: extra.defaults, createdAt: manifest.createdAt, command: manifest.command };
  };
  const exists = async (prefix: string) => (await readManifest(store, prefix).catch(() => null)) !== null;
  const batches = await Promise.all(
    (await listBatches(store)).map(async (b) => ({
      id: b.id,
      rows: b.rows,
      scored: await exists(layout.testSampleInference(b.id)),
      labeled: await exists(layout.testSampleOutcomes(b.id)),
      createdAt: b.createdAt,
    })),
  );
  const models = (await listModelVersions(store)).map((m) => ({
    version: m.version,
    metrics: (m.metrics ?? {}) as ModelStatus['metrics'],
    trainedOn: m.trainedOn,
    features: m.features,
  }));
  const champion = await readChampion(store);
  return {
    store: store.url,
    datasets: { train: await dataset(layout.train), test: await dataset(layout.test) },
    batches,
    models,
    champion: champion?.version ?? null,
  };
}
