import { InvalidConfigError } from '../errors/log-errors.js';
import { KAFKA_TOPIC_DEFAULTS, NEVER, PASSTHROUGH_CONFIGS } from './topic-config.js';
import type { CleanupPolicy, TopicConfig, TopicConfigInput, TopicConfigName } from './topic-config.js';

/** Overrides as stored in a topic's metadata: typed known keys plus pass-through strings. */
export interface ConfigOverrides {
  known: Partial<TopicConfig>;
  passthrough: Record<string, string>;
}

type Parser = (name: string, raw: string | number) => TopicConfig[TopicConfigName];

function integer(min: number, max = NEVER): Parser {
  return (name, raw) => {
    const v = typeof raw === 'number' ? raw : raw.trim() === '' ? NaN : Number(raw);
    if (!Number.isInteger(v)) throw new InvalidConfigError(`${name}=${raw} is not an integer`);
    // Kafka writes Long.MAX_VALUE for "never"; anything past the safe range means the same.
    const clamped = v > NEVER ? NEVER : v;
    if (clamped < min || clamped > max) throw new InvalidConfigError(`${name}=${raw} is outside [${min}, ${max}]`);
    return clamped;
  };
}

const INT32_MAX = 2 ** 31 - 1;
const POLICIES: readonly CleanupPolicy[] = ['delete', 'compact', 'compact,delete'];

const PARSERS: Record<TopicConfigName, Parser> = {
  'retention.ms': integer(-1),
  'retention.bytes': integer(-1),
  // Kafka's floor is a legacy record's size; tests use tiny segments to force rolls.
  'segment.bytes': integer(14, INT32_MAX),
  'segment.ms': integer(1),
  'cleanup.policy': (name, raw) => {
    const parts = String(raw).split(',').map((s) => s.trim()).filter((s) => s !== '').sort();
    const v = parts.join(',');
    if (!(POLICIES as readonly string[]).includes(v)) throw new InvalidConfigError(`${name}=${raw}: expected delete, compact or compact,delete`);
    return v as CleanupPolicy;
  },
  'max.message.bytes': integer(0, INT32_MAX),
  'min.compaction.lag.ms': integer(0),
  'delete.retention.ms': integer(0),
  'message.timestamp.type': (name, raw) => {
    if (raw !== 'CreateTime' && raw !== 'LogAppendTime') throw new InvalidConfigError(`${name}=${raw}: expected CreateTime or LogAppendTime`);
    return raw;
  },
  'flush.messages': integer(1),
  'flush.ms': integer(0),
  'index.interval.bytes': integer(0, INT32_MAX),
};

function isKnown(name: string): name is TopicConfigName {
  return Object.hasOwn(PARSERS, name);
}

/**
 * Applies `changes` to `base` (a null/undefined value removes an override) and validates every
 * value; throws InvalidConfigError naming the first bad entry and leaves `base` untouched.
 */
export function applyConfigChanges(base: ConfigOverrides, changes: Partial<Record<string, string | number | null>>): ConfigOverrides {
  const known: Record<string, unknown> = { ...base.known };
  const passthrough = { ...base.passthrough };
  for (const [name, raw] of Object.entries(changes)) {
    if (isKnown(name)) {
      if (raw === null || raw === undefined) delete known[name];
      else known[name] = PARSERS[name](name, raw);
    } else if (PASSTHROUGH_CONFIGS.has(name)) {
      if (raw === null || raw === undefined) delete passthrough[name];
      else passthrough[name] = String(raw);
    } else {
      throw new InvalidConfigError(`unknown topic config ${name}`);
    }
  }
  return { known: known as Partial<TopicConfig>, passthrough };
}

/** Validates log-level defaults given at open (known keys only). */
export function parseDefaults(input: TopicConfigInput | undefined): TopicConfig {
  const { known } = applyConfigChanges({ known: {}, passthrough: {} }, input ?? {});
  return { ...KAFKA_TOPIC_DEFAULTS, ...known };
}

export function effectiveConfig(defaults: TopicConfig, overrides: ConfigOverrides): TopicConfig {
  return { ...defaults, ...overrides.known };
}
