// Batch plans (issue 6 point 2, R-EXA-7) through the UI against
// `zxkh serve --demo` on the real clock. The exam days are chosen around
// today (China Standard Time) with the server's calendar: the last exam day
// whose 10th working day before has passed (refused: at most 9 working days
// left) and the first one whose 10th working day before is today or later
// (accepted). The session runs 18:00–20:00, clear of the demo batches'.
//
//   1. institution (黄岛区 Z370211P001): creates a batch of ZX01001 with one
//      session staffed from the eligible pool (3 examiners with a group
//      leader, 2 proctors, the external supervisor); submitting it for the
//      too-near day is refused naming the last allowed date; moved to the
//      accepted day it shows "最晚提交日期" and is submitted;
//   2. district (黄岛区): approves it;
//   3. city: approves it — a paper is assigned to the session.
// (The steps are planBatchThroughApproval in helpers.mjs, shared with
// scoring.spec, which runs them on a fake clock.)
//
// Screenshots (ZXKH_E2E_OUT): batch-*.png.
import { addDays, lastSubmissionDay, planBatchThroughApproval } from './helpers.mjs';

export const name = 'batch';
export const timeoutMs = 120_000;

// [refused exam day, accepted exam day] around today in China Standard
// Time, each { date, last } with its last submission day.
async function examDays(baseUrl) {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  let refused = null;
  for (let i = 1; i < 40; i++) {
    const date = addDays(today, i);
    const last = await lastSubmissionDay(baseUrl, date);
    if (last < today) refused = { date, last };
    else return [refused, { date, last }];
  }
  throw new Error('no exam day found');
}

export async function run({ page, baseUrl, outDir, expect }) {
  const [tooNear, inTime] = await examDays(baseUrl);
  if (!tooNear) throw new Error('no exam day inside 10 working days');
  await planBatchThroughApproval(page, {
    outDir,
    expect,
    prefix: 'batch',
    title: '端到端测试批次',
    tooNear,
    inTime,
    staff: { examiners: { n: 3 }, leader: '', proctors: { n: 2 } },
  });
}
