// Trains (or resumes) a character language model on a text, with a progress bar or JSON
// logs, optional samples along the way, Ctrl-C handling and an atomic checkpoint at the end.
import cliProgress from 'cli-progress';
import { Generator } from '@unroll/tensor';
import {
  Adam,
  CharLanguageModel,
  CharTokenizer,
  Trainer,
  crossEntropy,
  generate,
  streamBatches,
  type CharLanguageModelConfig,
  type LanguageModelState,
  type StreamBatch,
  type Tokenizer,
} from '@unroll/training';
import { saveCheckpoint } from '@unroll/training/node';
import {
  PRESET,
  loadModelFile,
  stateFromTensors,
  stateTensors,
  type StoredModel,
} from './model-file';
import { UserError } from './user-error';

/** Everything a language-model training run needs. */
export interface LanguageModelRun {
  text: string;
  config: Omit<CharLanguageModelConfig, 'vocabSize'>;
  steps: number;
  seqLen: number;
  batchSize: number;
  lr: number;
  clip: number;
  seed: number;
  save: string;
  resume?: string;
  logFormat: 'text' | 'json';
  /** Print a sample every this many steps (text logs only; 0: never). */
  sampleEvery: number;
  /** Characters per printed sample. */
  sampleLength: number;
}

/** What a finished (or interrupted) run reports. */
export interface RunSummary {
  steps: number;
  finalLoss: number;
  interrupted: boolean;
  seconds: number;
}

function printSample(
  model: CharLanguageModel,
  tokenizer: Tokenizer,
  text: string,
  length: number,
  seed: number,
): string {
  // The first character, not the first UTF-16 unit: a text may start with an emoji.
  const prime = tokenizer.encode(Array.from(text)[0] ?? ' ');
  const ids = generate(model, { prime, length, temperature: 0.8, generator: new Generator(seed) });
  return tokenizer.decode([...prime, ...ids]);
}

/** Runs the training; resolves when done, interrupted (Ctrl-C) or stopped. */
export async function trainLanguageModel(run: LanguageModelRun): Promise<RunSummary> {
  const resumed =
    run.resume === undefined ? undefined : await loadModelFile(run.resume, '--resume');
  const tokenizer = resumed?.tokenizer ?? CharTokenizer.fromText(run.text);
  const stored: StoredModel = resumed?.stored ?? {
    preset: PRESET,
    config: { ...run.config, vocabSize: tokenizer.vocabSize },
    training: {
      seqLen: run.seqLen,
      batchSize: run.batchSize,
      lr: run.lr,
      clip: run.clip,
      seed: run.seed,
    },
  };
  const { seqLen, batchSize, lr, clip, seed } = stored.training;
  const generator = new Generator(seed);
  const model = resumed?.model ?? new CharLanguageModel(stored.config, { generator });
  const optimizer = new Adam(model.parameters(), { lr });
  const ids = tokenizer.encode(run.text);
  let batches;
  try {
    batches = streamBatches(ids, { batchSize, seqLen });
  } catch (error) {
    throw new UserError(
      `the text is too short for --batch ${batchSize} and --seq-len ${seqLen}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const V = tokenizer.vocabSize;
  const trainer = new Trainer<StreamBatch, LanguageModelState>({
    model,
    optimizer,
    clip: { maxNorm: clip },
    loss: (batch, state) => {
      const [logits, next] = model.forward(batch.input, state);
      const loss = crossEntropy(logits.reshape([-1, V]), batch.target.reshape([-1]));
      return { loss, state: next, tokens: batch.input.size };
    },
  });
  let startStep = 0;
  if (resumed !== undefined) {
    const { checkpoint } = resumed;
    if (checkpoint.optimizer !== undefined) optimizer.loadStateDict(checkpoint.optimizer.state);
    if (checkpoint.metadata.rng !== undefined) generator.setState(checkpoint.metadata.rng);
    startStep = checkpoint.metadata.step ?? 0;
    trainer.carriedState = stateFromTensors(checkpoint.tensors, stored.config.cell);
    if (startStep >= run.steps)
      throw new UserError(
        `--resume: ${run.resume} is already at step ${startStep}; ask for more with --steps (now ${run.steps}).`,
      );
  }
  const save = async (): Promise<void> => {
    await saveCheckpoint(run.save, {
      weights: model.stateDict(),
      optimizer: { type: 'Adam', state: optimizer.stateDict() },
      tensors: stateTensors(trainer.carriedState),
      metadata: {
        model: stored,
        tokenizer: tokenizer.toJSON(),
        step: trainer.step,
        rng: generator.getState(),
      },
    });
  };

  const started = performance.now();
  let lastLoss = NaN;
  let tokens = 0;
  const bar =
    run.logFormat === 'text' && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          {
            format: '{bar} {value}/{total} steps | loss {loss} | {speed} tokens/s',
            hideCursor: true,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(run.steps, startStep, { loss: '-', speed: '-' });
  trainer.on('step-end', (event) => {
    lastLoss = event.loss;
    tokens += event.tokens;
    const speed = Math.round(tokens / ((performance.now() - started) / 1000));
    if (run.logFormat === 'json') {
      process.stdout.write(
        `${JSON.stringify({ step: event.step, loss: event.loss, lr: event.lr, gradNorm: event.gradNorm, tokensPerSecond: speed })}\n`,
      );
      return;
    }
    bar?.update(event.step, { loss: event.loss.toFixed(3), speed });
    if (
      bar === undefined &&
      (event.step % Math.max(1, Math.floor(run.steps / 10)) === 0 || event.step === run.steps)
    ) {
      process.stderr.write(
        `step ${event.step}/${run.steps}  loss ${event.loss.toFixed(4)}  ${speed} tokens/s\n`,
      );
    }
    if (run.sampleEvery > 0 && event.step % run.sampleEvery === 0) {
      bar?.stop();
      process.stdout.write(
        `\n--- sample at step ${event.step} (loss ${event.loss.toFixed(3)}) ---\n${printSample(model, tokenizer, run.text, run.sampleLength, event.step)}\n`,
      );
      bar?.start(run.steps, event.step, { loss: event.loss.toFixed(3), speed });
    }
  });
  const controller = new AbortController();
  const onInterrupt = (): void => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const result = await trainer.fit(() => batches, {
      epochs: Math.ceil(run.steps / batches.count),
      maxSteps: run.steps,
      startStep,
      signal: controller.signal,
    });
    bar?.stop();
    await save();
    return {
      steps: result.steps,
      finalLoss: lastLoss,
      interrupted: result.stoppedBy === 'aborted',
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    bar?.stop();
  }
}
