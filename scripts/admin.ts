/**
 * Staff accounts from the command line, for the first administrator and for lost passwords:
 *   npm run admin -- create-staff --username lan --name "Nguyễn Lan" --role moderator
 *   npm run admin -- reset-password --username admin
 *   npm run admin -- list-staff
 * It uses the same DATABASE_PATH as the server and may run while the server runs.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../shared/errors.ts';
import { StaffCreateInput } from '../shared/schemas/staff.ts';
import { generatePassword } from '../server/staff/passwords.ts';
import { createStaffService } from '../server/staff/staff.service.ts';
import { listStaff } from '../server/staff/staff.repository.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/core/db/database.ts';
import { migrate } from '../server/core/db/migrate.ts';
import { parseWith } from '../server/http/validate.ts';
import { firstUnitId } from '../server/units/units.repository.ts';

const USAGE = `usage:
  npm run admin -- create-staff --username NAME --name "Display name" --role moderator|chair|admin [--unit ID]
  npm run admin -- reset-password --username NAME
  npm run admin -- list-staff [--unit ID]`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    username: { type: 'string' },
    name: { type: 'string' },
    role: { type: 'string' },
    unit: { type: 'string' },
  },
});

const config = loadConfig(process.env);
mkdirSync(dirname(config.databasePath), { recursive: true });
const db = await openDatabase(config.databasePath);
await migrate(db);
const clock = () => new Date();
const staff = createStaffService({ db, clock });

async function unitId(): Promise<number> {
  if (values.unit) return Number(values.unit);
  const id = await firstUnitId(db);
  if (!id) throw new AppError('not_found', 'no administrative unit yet: run `npm start` once to create the first one');
  return id;
}

try {
  switch (positionals[0]) {
    case 'create-staff': {
      const password = generatePassword();
      const input = parseWith(StaffCreateInput, { username: values.username, displayName: values.name, role: values.role, password });
      const user = await staff.createFromConsole(await unitId(), input);
      console.log(`Created ${user.role} "${user.username}" (${user.displayName}). Password, shown only now: ${password}`);
      break;
    }
    case 'reset-password': {
      if (!values.username) throw new AppError('bad_request', '--username is required');
      const password = generatePassword();
      const user = await staff.resetPasswordFromConsole(values.username, password);
      console.log(`New password for "${user.username}", shown only now: ${password} (their open sign-ins were ended)`);
      break;
    }
    case 'list-staff': {
      for (const user of await listStaff(db, await unitId())) {
        console.log(`${user.username.padEnd(24)} ${user.role.padEnd(10)} ${user.active ? 'active  ' : 'disabled'} ${user.displayName}`);
      }
      break;
    }
    default:
      console.log(USAGE);
      process.exitCode = positionals[0] ? 2 : 0;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
