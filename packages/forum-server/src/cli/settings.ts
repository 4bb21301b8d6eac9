import { logAdminAction } from '../admin/admin-actions.js';
import { openForum } from '../forum.js';

function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // plain text for string and enum settings
  }
}

export async function settingsCommand(args: string[]): Promise<number> {
  const [action, name, value, ...extra] = args;
  if (
    !(action === 'get' && extra.length === 0 && value === undefined) &&
    !(action === 'set' && name && value !== undefined && extra.length === 0)
  ) {
    console.error('Usage: forum settings get [name] | forum settings set <name> <value>');
    return 1;
  }
  const forum = await openForum({ command: `forum settings ${action}`, logLevel: 'warn' });
  try {
    if (action === 'get') {
      const values = await forum.settings.all();
      if (name) {
        if (!forum.settings.definition(name)) {
          console.error(`forum settings get: there is no site setting named ${name}.`);
          return 1;
        }
        console.log(JSON.stringify(values[name]));
      } else {
        for (const d of forum.settings.list()) console.log(`${d.name} = ${JSON.stringify(values[d.name])}`);
      }
      return 0;
    }
    const parsed = forum.settings.parse(name!, parseValue(value!));
    const before = await forum.db.transaction(async (trx) => {
      const previous = await forum.settings.write(trx, { [name!]: parsed }, null);
      await logAdminAction(trx, {
        actorId: null,
        action: 'site_setting_changed',
        subject: name!,
        details: { previous: previous[name!], value: parsed, via: 'cli' },
        ip: null,
      });
      return previous;
    });
    console.log(`${name} = ${JSON.stringify(parsed)} (was ${JSON.stringify(before[name!])})`);
    return 0;
  } finally {
    await forum.close();
  }
}
