import { zonedInstant, zonedYearMonth } from '../../shared/time.ts';
import { generatePassword } from '../staff/passwords.ts';
import type { StaffService } from '../staff/staff.service.ts';
import type { Database } from '../core/db/database.ts';
import { insertQuestion } from '../questions/questions.repository.ts';
import { indexQuestion } from '../core/search-index.repository.ts';
import { insertSession } from '../sessions/sessions.repository.ts';
import { countUnits, insertUnit } from './units.repository.ts';

export interface DemoSeed {
  unitId: number;
  sessionId: number;
  adminUsername: string;
  adminPassword: string;
}

const DEMO_QUESTIONS = [
  { name: 'Trần Văn Hùng', topic: 'Tổ dân phố 5', text: 'Khi nào phường sắp xếp lại chỗ để xe máy trên vỉa hè phố Trần Duy Hưng để người đi bộ có lối đi?' },
  { name: null, topic: 'Tổ dân phố 12', text: 'Các quán ăn lấn chiếm vỉa hè vào buổi tối thì người dân phản ánh ở đâu và bao lâu được xử lý?' },
  { name: 'Nguyễn Thị Mai', topic: null, text: 'Phường có kế hoạch trồng thêm cây xanh và lát lại vỉa hè khu tập thể trong năm tới không?' },
];

/** The next 14:00 in the host's zone at least two hours away: the demo session is always "this month, soon". */
function demoStart(now: Date): Date {
  const { year, month } = zonedYearMonth(now);
  const day = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Ho_Chi_Minh', day: 'numeric' }).format(now));
  let start = zonedInstant(year, month, day, 14);
  while (start.getTime() - now.getTime() < 2 * 60 * 60 * 1000) start = new Date(start.getTime() + 24 * 60 * 60 * 1000);
  return start;
}

/**
 * On an empty database: a demo unit, this month's session open for questions with a few approved questions, and
 * an administrator with a random password that the caller prints once. Does nothing when any unit exists.
 */
export async function seedDemo(db: Database, staff: StaffService, now: Date): Promise<DemoSeed | null> {
  if ((await countUnits(db)) > 0) return null;
  const start = demoStart(now);
  const { month, year } = zonedYearMonth(start);
  const { unitId, sessionId } = await db.write(async (tx) => {
    const unitId = await insertUnit(tx, 'UBND phường Hòa Bình (demo)', now);
    const sessionId = await insertSession(
      tx,
      unitId,
      {
        title: `Tọa đàm trực tuyến tháng ${month}/${year}`,
        theme: 'Trật tự đô thị và vỉa hè',
        description: 'Lãnh đạo phường trao đổi với người dân và doanh nghiệp về trật tự đô thị, lòng đường và vỉa hè.',
        officials: [
          { name: 'Nguyễn Văn An', title: 'Chủ tịch UBND phường', role: 'chair' },
          { name: 'Trần Thị Hoa', title: 'Phó Chủ tịch HĐND phường', role: 'co_chair' },
          { name: 'Đỗ Minh Đức', title: 'Chủ tịch Ủy ban MTTQ Việt Nam phường', role: 'front' },
          { name: 'Vũ Thu Trang', title: 'Văn phòng HĐND và UBND phường', role: 'secretary' },
          { name: 'Lê Thị Bình', title: 'Trưởng phòng Kinh tế, Hạ tầng và Đô thị', role: 'invited' },
          { name: 'Phạm Quốc Cường', title: 'Trưởng Công an phường', role: 'invited' },
        ],
        opensAt: now.toISOString(),
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * 60 * 60 * 1000).toISOString(),
        premoderated: true,
      },
      'open',
      now,
    );
    for (const [i, q] of DEMO_QUESTIONS.entries()) {
      const row = await insertQuestion(tx, {
        sessionId,
        residentId: `demo-resident-${i + 1}`,
        clientKey: `demo-question-${i + 1}`,
        text: q.text,
        authorName: q.name,
        nameBasis: 'asker_choice',
        topic: q.topic,
        status: 'approved',
        createdAt: new Date(now.getTime() - (DEMO_QUESTIONS.length - i) * 60_000),
      });
      await indexQuestion(tx, { id: row.id, sessionId, text: row.text, visible: true });
    }
    return { unitId, sessionId };
  });
  const adminPassword = generatePassword();
  await staff.createFromConsole(unitId, { username: 'admin', displayName: 'Quản trị viên', role: 'admin', password: adminPassword });
  return { unitId, sessionId, adminUsername: 'admin', adminPassword };
}
