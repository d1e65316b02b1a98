/**
 * Archive search latency over a generated corpus: sessions × two hours of Vietnamese transcript (a segment every
 * five seconds), searched with the platform's own search service, with and without diacritics. Its own process.
 */
import { join } from 'node:path';
import { openDatabase } from '../../server/core/db/database.ts';
import { migrate } from '../../server/core/db/migrate.ts';
import { createSearchService } from '../../server/search/search.service.ts';
import { insertSession } from '../../server/sessions/sessions.repository.ts';
import { insertSegment } from '../../server/transcripts/transcripts.repository.ts';
import { insertUnit } from '../../server/units/units.repository.ts';
import { serve } from './ipc.ts';
import { now, summarize, type Summary } from './stats.ts';

export interface SearchBench {
  sessions: number;
  segments: number;
  buildSec: number;
  queries: number;
  latencyMs: Summary;
}

const WORDS = (
  'phường tọa đàm người dân doanh nghiệp vỉa hè lòng đường trật tự đô thị xây dựng cấp phép đất đai thủ tục hành chính ' +
  'y tế trường học giáo dục môi trường rác thải cây xanh chiếu sáng thoát nước ngập úng giao thông xe máy ô tô bãi đỗ ' +
  'công an an ninh chợ dân phố văn hóa thể thao người cao tuổi trẻ em bảo hiểm thuế hộ kinh doanh đăng ký tạm trú ' +
  'chúng tôi sẽ kiểm tra xử lý báo cáo trả lời bằng văn bản trong tuần tới cảm ơn bà con đã phản ánh kiến nghị ủy ban ' +
  'chủ tịch phó chủ tịch trưởng phòng cán bộ địa chính kế hoạch năm nay quý tới tháng sau đường Trần Duy Hưng Cầu Giấy'
).split(' ');

function sentence(seed: number): string {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const length = 12 + Math.floor(next() * 18);
  return Array.from({ length }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ') + '.';
}

const QUERIES = ['toa dam', 'vỉa hè', 'duong tran duy hung', 'thu tuc hanh chinh', 'RÁC THẢI', 'cap phep xay dung', 'ngap ung thoat nuoc', 'bao hiem', 'chủ tịch phường', 'cay xanh chieu sang'];

async function run(args: { dir: string; sessions: number; queries: number }): Promise<SearchBench> {
  const db = await openDatabase(join(args.dir, 'search-bench.sqlite'));
  await migrate(db);
  const started = now();
  const perSession = (2 * 60 * 60) / 5;
  const at = new Date('2026-01-15T07:00:00.000Z');
  const unitId = await db.write((tx) => insertUnit(tx, 'Phường đo tìm kiếm', at));
  for (let s = 0; s < args.sessions; s += 1) {
    const startsAt = new Date(at.getTime() + s * 30 * 86_400_000);
    await db.write(async (tx) => {
      const sessionId = await insertSession(
        tx,
        unitId,
        { title: `Tọa đàm số ${s + 1}`, theme: 'Chủ đề đo', description: '', officials: [], startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(), premoderated: true },
        'ended',
        at,
      );
      for (let i = 0; i < perSession; i += 1) {
        await insertSegment(
          tx,
          { sessionId, startMs: i * 5000, endMs: i * 5000 + 4800, speakerName: i % 3 ? 'Nguyễn Văn An' : 'Lê Thị Bình', speakerRole: null, text: sentence(s * 100_000 + i), source: 'import', externalId: null },
          at,
        );
      }
    });
  }
  const buildSec = (now() - started) / 1000;
  const search = createSearchService({ db });
  const latencies: number[] = [];
  for (let i = 0; i < args.queries; i += 1) {
    const t = now();
    await search.search(QUERIES[i % QUERIES.length]!, 20);
    latencies.push(now() - t);
  }
  await db.close();
  return { sessions: args.sessions, segments: args.sessions * perSession, buildSec, queries: args.queries, latencyMs: summarize(latencies) };
}

serve({ run });
