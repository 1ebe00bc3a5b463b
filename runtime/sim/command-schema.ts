// The zod schema of a run command, derived from the catalog's fields (./commands.ts): the document's Command
// (scenario steps, recordings), `.suprun` files, commands from the run worker. Kept apart from the catalog so the
// runtime package (runtime/index.ts, which exports the catalog for exported projects) needs no zod.
import { z } from 'zod';
import { COMMANDS, COMMAND_TYPES, type Command, type CommandInputJson, type CommandType, type FieldDef } from './commands';

const Num = (what: string) => z.number({ error: `${what} must be a number` });
const Str = (what: string) => z.string({ error: `${what} must be text` });

function fieldSchema(name: string, f: FieldDef): z.ZodType {
  const base = (() => {
    switch (f.kind) {
      case 'target': case 'process': case 'source': case 'scenario': case 'text': return Str(name);
      case 'ms': case 'number': return Num(name);
      case 'bool': return z.boolean({ error: `${name} must be true or false` });
      case 'term': return z.unknown();
    }
  })();
  if (f.default !== undefined) return (base as z.ZodType as z.ZodUnknown).default(f.default);
  return f.optional ? base.optional() : base;
}

function commandSchema(type: CommandType): z.ZodObject {
  const shape: Record<string, z.ZodType> = {
    type: z.literal(type),
    /** Milliseconds of (virtual) time from the start (a scenario's) or of the run (a recording's); whole numbers. */
    at: Num('at'),
  };
  for (const [name, f] of Object.entries(COMMANDS[type].fields as Record<string, FieldDef>)) shape[name] = fieldSchema(name, f);
  return z.looseObject(shape);
}

const schemas = COMMAND_TYPES.map(commandSchema) as [z.ZodObject, ...z.ZodObject[]];
/** The schema of one command: a discriminated union over the catalog (document scenarios, recordings, `.suprun`). */
export const CommandSchema = z.discriminatedUnion('type', schemas, {
  error: `command type must be one of: ${COMMAND_TYPES.join(', ')}`,
}) as unknown as z.ZodType<Command, CommandInputJson>;

/** Fill in defaults and check a command (from a file or another process); throws a readable error. */
export function parseCommand(v: unknown): Command {
  const r = CommandSchema.safeParse(v);
  if (!r.success) throw new Error(`Not a valid run command (${JSON.stringify(v)?.slice(0, 120)}): ${r.error.issues.map((i) => `${i.path.join('.') || 'command'}: ${i.message}`).join('; ')}`);
  return r.data;
}
