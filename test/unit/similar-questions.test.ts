import { describe, expect, it } from 'vitest';
import { searchTerms } from '../../shared/text/fold.ts';
import { rankSimilar } from '../../shared/text/similar.ts';

/** A session's questions, as a ward's residents ask them. */
const POOL: Record<number, string> = {
  1: 'Xin hỏi phường khi nào lắp thêm thùng rác trong công viên Hòa Bình ạ? Cuối tuần rác vứt bừa bãi quanh hồ.',
  2: 'Đường Lê Lợi đoạn trước chợ cứ mưa to là ngập sâu nửa mét, phường có kế hoạch cải tạo cống thoát nước không?',
  3: 'Vỉa hè phố Trần Duy Hưng bị các quán ăn lấn chiếm hết, người đi bộ phải đi xuống lòng đường.',
  4: 'Đèn đường ngõ 12 phố Hòa Bình hỏng gần một tháng, tối đi lại rất nguy hiểm, xin phường cho sửa sớm.',
  5: 'Quán karaoke ở tổ dân phố 5 hát đến 12 giờ đêm, gây ồn ào, phường xử lý thế nào ạ?',
  6: 'Học phí năm học mới của trường mầm non phường tăng bao nhiêu, có được miễn giảm cho hộ nghèo không?',
  7: 'Lịch tiêm vắc xin sởi cho trẻ dưới 5 tuổi tại trạm y tế phường là khi nào ạ?',
  8: 'Làm giấy khai sinh cho con ở phường cần những giấy tờ gì và mất bao lâu?',
  9: 'Cây xanh trên đường Nguyễn Trãi nghiêng nhiều, mùa mưa bão sợ đổ vào nhà dân, đề nghị phường cắt tỉa.',
  10: 'Chó thả rông không rọ mõm trong khu dân cư, đã có người bị cắn, phường có xử phạt không?',
  11: 'Mặt đường Lê Lợi nhiều ổ gà, xe máy hay bị ngã, bao giờ được trải nhựa lại?',
  12: 'Khu tập thể B3 mất nước sinh hoạt ba ngày nay, xin phường làm việc với công ty cấp nước.',
  13: 'Gần đây trong ngõ 45 liên tiếp bị trộm xe máy, đề nghị công an phường tăng cường tuần tra ban đêm.',
  14: 'Ô tô đỗ kín hai bên ngõ 8 phố Hòa Bình, xe cứu thương không vào được, phường có cấm đỗ không?',
  15: 'Nhà số 20 phố Trần Duy Hưng xây thêm tầng không phép, phường đã kiểm tra chưa?',
  16: 'Thủ tục chứng thực bản sao giấy tờ tại bộ phận một cửa của phường có thu phí không?',
  17: 'Hộ cận nghèo trong phường được hỗ trợ mua thẻ bảo hiểm y tế bao nhiêu phần trăm?',
  18: 'Bãi đất trống cạnh chợ Hòa Bình bị đổ phế thải xây dựng, bốc mùi, đề nghị phường dọn dẹp.',
  19: 'Công viên Hòa Bình buổi tối thiếu đèn chiếu sáng, thanh niên tụ tập, phường có lắp thêm đèn không?',
  20: 'Xin hỏi bao giờ phường tổ chức lớp học bơi miễn phí cho trẻ em trong hè ạ?',
};

/** [draft a resident is typing, a question of the session, whether they raise the same issue]. */
const PAIRS: Array<[string, number, boolean]> = [
  ['Công viên Hòa Bình không có đủ thùng đựng rác, phường lắp thêm được không?', 1, true],
  ['Rác thải quanh hồ công viên nhiều quá vì thiếu thùng rác ạ', 1, true],
  ['Mưa xuống là đường Lê Lợi trước chợ ngập như sông, bao giờ sửa cống?', 2, true],
  ['Phường có kế hoạch chống ngập cho đoạn Lê Lợi gần chợ không ạ?', 2, true],
  ['Quán ăn bày bàn ghế chiếm hết vỉa hè Trần Duy Hưng, người đi bộ không có chỗ đi', 3, true],
  ['Đề nghị phường lập lại trật tự vỉa hè phố Trần Duy Hưng, quán xá lấn chiếm', 3, true],
  ['Ngõ 12 Hòa Bình tối om vì đèn đường hỏng, bao giờ sửa ạ?', 4, true],
  ['Xin phường thay bóng đèn đường ngõ 12 đã hỏng cả tháng', 4, true],
  ['Karaoke tổ 5 hát xuyên đêm ồn quá không ngủ được', 5, true],
  ['Tiếng ồn từ quán karaoke khuya ở tổ dân phố 5 ai xử lý?', 5, true],
  ['Trường mầm non tăng học phí, hộ nghèo có được giảm không ạ?', 6, true],
  ['Mức học phí mầm non năm nay là bao nhiêu?', 6, true],
  ['Trạm y tế phường bao giờ tiêm sởi cho trẻ nhỏ?', 7, true],
  ['Cho em hỏi lịch tiêm vắc xin sởi cho bé 3 tuổi ạ', 7, true],
  ['Đăng ký khai sinh cho bé cần mang theo giấy tờ gì ạ?', 8, true],
  ['Làm khai sinh ở phường mất mấy ngày?', 8, true],
  ['Cây trên đường Nguyễn Trãi nghiêng sắp đổ, đề nghị cắt tỉa trước mùa bão', 9, true],
  ['Xin phường cắt tỉa cây xanh nghiêng ở Nguyễn Trãi ạ', 9, true],
  ['Chó thả rông cắn người trong khu dân cư, phường phạt chủ nuôi thế nào?', 10, true],
  ['Nhiều nhà thả rông chó không rọ mõm, rất nguy hiểm cho trẻ em', 10, true],
  ['Đường Lê Lợi đầy ổ gà, bao giờ trải nhựa?', 11, true],
  ['Ổ gà trên mặt đường Lê Lợi làm nhiều xe máy bị ngã', 11, true],
  ['Tập thể B3 mất nước mấy ngày rồi, phường giúp dân với', 12, true],
  ['Khi nào khu tập thể B3 có nước sinh hoạt trở lại ạ?', 12, true],
  ['Ngõ 45 hay mất trộm xe máy, đề nghị công an tuần tra đêm', 13, true],
  ['Trộm xe máy liên tục ở ngõ 45, phường có biện pháp gì?', 13, true],
  ['Ô tô đỗ kín ngõ 8 Hòa Bình, xe cứu hỏa xe cứu thương không vào được', 14, true],
  ['Đề nghị cấm đỗ ô tô trong ngõ 8 phố Hòa Bình', 14, true],
  ['Số 20 Trần Duy Hưng xây thêm tầng trái phép sao chưa xử lý?', 15, true],
  ['Công trình xây thêm tầng không phép ở số 20 Trần Duy Hưng', 15, true],
  ['Chứng thực bản sao ở một cửa phường có mất phí không?', 16, true],
  ['Phí chứng thực bản sao giấy tờ tại phường là bao nhiêu ạ?', 16, true],
  ['Hộ cận nghèo được hỗ trợ bao nhiêu tiền mua bảo hiểm y tế?', 17, true],
  ['Thẻ bảo hiểm y tế cho hộ cận nghèo được nhà nước hỗ trợ không ạ?', 17, true],
  ['Phế thải xây dựng đổ trộm ở bãi đất cạnh chợ bốc mùi hôi', 18, true],
  ['Ai dọn phế thải ở bãi đất trống gần chợ Hòa Bình?', 18, true],
  ['Công viên Hòa Bình tối quá, đề nghị lắp thêm đèn chiếu sáng', 19, true],
  ['Buổi tối công viên thiếu đèn, thanh niên tụ tập gây mất an ninh', 19, true],
  ['Hè này phường có mở lớp dạy bơi miễn phí cho trẻ không ạ?', 20, true],
  ['Lớp học bơi cho thiếu nhi mùa hè đăng ký ở đâu?', 20, true],
  // Different issues that share the genre's words, a street, a place or a group of people with a question.
  ['Xin hỏi phường khi nào sửa đường ngõ 30 bị ngập khi mưa ạ?', 2, false],
  ['Đường Lê Lợi có được mở rộng thêm làn xe không?', 11, false],
  ['Phường có kế hoạch xây thêm nhà văn hóa cho tổ dân phố 5 không?', 5, false],
  ['Trường tiểu học của phường có tổ chức bán trú không ạ?', 6, false],
  ['Trạm y tế phường có khám sức khỏe miễn phí cho người cao tuổi không?', 7, false],
  ['Làm căn cước công dân cho con ở đâu ạ?', 8, false],
  ['Đường Nguyễn Trãi có được lắp thêm camera giao thông không?', 9, false],
  ['Phường có tổ chức tiêm phòng dại cho chó mèo không ạ?', 10, false],
  ['Tiền nước tháng này tăng gấp đôi, xin phường giải thích', 12, false],
  ['Công an phường có nhận đăng ký tạm trú trực tuyến không?', 13, false],
  ['Phố Hòa Bình có được làm thêm bãi đỗ xe công cộng không?', 14, false],
  ['Thủ tục xin giấy phép xây dựng nhà ở riêng lẻ cần những gì?', 15, false],
  ['Bộ phận một cửa của phường làm việc cả thứ bảy không?', 16, false],
  ['Người cao tuổi trong phường được cấp thẻ bảo hiểm y tế miễn phí từ bao nhiêu tuổi?', 17, false],
  ['Chợ Hòa Bình có được sửa lại mái che không ạ?', 18, false],
  ['Phường có thể lắp dụng cụ tập thể dục trong công viên Hòa Bình không?', 1, false],
  ['Bể bơi của phường mở cửa mấy giờ?', 20, false],
  ['Xin hỏi phường có hỗ trợ sửa nhà cho hộ nghèo không ạ?', 6, false],
  ['Xin hỏi phường có hỗ trợ sửa nhà cho hộ nghèo không ạ?', 17, false],
  ['Vỉa hè phố Trần Duy Hưng lát đá bị vỡ nhiều chỗ, bao giờ sửa?', 3, false],
  ['Xe tải chở vật liệu làm rơi vãi đất cát trên đường Lê Lợi', 11, false],
  ['Cho em hỏi bao giờ phường họp tổ dân phố ạ?', 5, false],
];

const candidates = Object.entries(POOL).map(([id, text]) => ({ id: Number(id), text }));

/** The matching this replaced, for comparison: the candidate sharing the most words of three letters or more. */
function sharedWordsTop(draft: string): number | null {
  const words = new Set(searchTerms(draft).filter((w) => w.length >= 3));
  let best: { id: number; shared: number } | null = null;
  for (const c of candidates) {
    const shared = new Set(searchTerms(c.text).filter((w) => words.has(w))).size;
    if (shared > 0 && (!best || shared > best.shared)) best = { id: c.id, shared };
  }
  return best?.id ?? null;
}

describe('similar-question suggestions on a labelled set of ward questions', () => {
  it('holds at least 50 labelled pairs of both kinds', () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(50);
    expect(PAIRS.filter(([, , same]) => same).length).toBeGreaterThanOrEqual(20);
    expect(PAIRS.filter(([, , same]) => !same).length).toBeGreaterThanOrEqual(20);
  });

  it('offers a top suggestion that raises the same issue at least 8 times in 10', () => {
    const drafts = [...new Set(PAIRS.map(([draft]) => draft))];
    const sameAs = (draft: string) => new Set(PAIRS.filter(([d, , same]) => d === draft && same).map(([, id]) => id));
    let offered = 0;
    let right = 0;
    let found = 0;
    const withMatch = drafts.filter((d) => sameAs(d).size > 0);
    const wrong: string[] = [];
    for (const draft of drafts) {
      const top = rankSimilar(draft, candidates, 1)[0];
      if (!top) continue;
      offered += 1;
      if (sameAs(draft).has(top.item.id)) {
        right += 1;
        found += 1;
      } else wrong.push(`${draft} → #${top.item.id} (${top.score.toFixed(2)})`);
    }
    const precision = right / offered;
    const recall = found / withMatch.length;
    const baseline = drafts.map((d) => [d, sharedWordsTop(d)] as const).filter(([, id]) => id !== null);
    const baselineRight = baseline.filter(([d, id]) => sameAs(d).has(id!)).length;
    console.log(
      `similar questions, shared-words baseline: ${baseline.length} top suggestions, precision ${(baselineRight / baseline.length).toFixed(3)}, recall ${(baselineRight / withMatch.length).toFixed(3)}`,
    );
    console.log(
      `similar questions: ${drafts.length} drafts (${withMatch.length} with a same-issue question), ${offered} top suggestions, ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}` + (wrong.length ? `\n  wrong: ${wrong.join('\n  wrong: ')}` : ''),
    );
    expect(precision).toBeGreaterThanOrEqual(0.8);
    expect(recall).toBeGreaterThanOrEqual(0.6);
  });

  it('never offers flooding on another street for bins in a park because both say "phường"', () => {
    const top = rankSimilar('Xin hỏi phường khi nào có thùng rác ở công viên ạ?', candidates);
    expect(top[0]?.item.id).toBe(1);
    expect(top.map((r) => r.item.id)).not.toContain(2);
    expect(rankSimilar('Xin hỏi phường cho em hỏi ạ', candidates)).toEqual([]);
  });
});
