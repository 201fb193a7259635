// Workload definitions in the peers' JSON schema (workloads.json), checked on load so a new
// workload needs no code, only an entry.

/** One workload, as in the peers' workloads.json. */
export interface Workload {
  kind: 'train' | 'generate' | 'forward';
  cell: 'lstm' | 'gru' | 'rnn';
  /** Token vocabulary (language-model workloads). */
  vocab?: number;
  /** Features per step (regression workloads, instead of vocab). */
  inputSize?: number;
  hidden: number;
  layers: number;
  batch: number;
  seqLen: number;
  /** `xent` (a head on every step) or `mse` (a head on the last step). */
  loss?: 'xent' | 'mse';
  desc?: string;
}

const positive = (value: unknown): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value > 0;

/** Parses a workloads file's text, naming the workload and field of any problem. */
export function parseWorkloads(text: string, source: string): Record<string, Workload> {
  const parsed = JSON.parse(text) as Record<string, Partial<Workload>>;
  for (const [id, w] of Object.entries(parsed)) {
    const problem = (what: string): never => {
      throw new Error(`${source}: workload ${id}: ${what}`);
    };
    if (!['train', 'generate', 'forward'].includes(w.kind ?? ''))
      problem(`kind must be train, generate or forward, got ${JSON.stringify(w.kind)}`);
    if (!['lstm', 'gru', 'rnn'].includes(w.cell ?? ''))
      problem(`cell must be lstm, gru or rnn, got ${JSON.stringify(w.cell)}`);
    for (const field of ['hidden', 'layers', 'batch', 'seqLen'] as const)
      if (!positive(w[field])) problem(`${field} must be a positive integer`);
    if (!positive(w.vocab) && !positive(w.inputSize))
      problem('needs vocab (tokens) or inputSize (features)');
    if (w.kind !== 'train' && !positive(w.vocab)) problem(`${w.kind} workloads need vocab`);
    if (w.loss !== undefined && w.loss !== 'xent' && w.loss !== 'mse')
      problem(`loss must be xent or mse, got ${JSON.stringify(w.loss)}`);
  }
  return parsed as Record<string, Workload>;
}
