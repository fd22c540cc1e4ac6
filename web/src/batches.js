// Batch plans (批次考核计划, R-EXA-7): labels shared by the back-office pages.

export const BATCH_STATES = Object.freeze({
  draft: { label: '草稿', tag: 'info' },
  submitted: { label: '待区(市)审核', tag: 'warning' },
  returned: { label: '已退回修改', tag: 'danger' },
  district_approved: { label: '区(市)已审核，待市局批准', tag: 'primary' },
  approved: { label: '已批准', tag: 'success' },
});

export function batchState(state) {
  return BATCH_STATES[state] ?? { label: state, tag: 'info' };
}

export const BATCH_EVENTS = Object.freeze({
  create: '新建',
  update: '修改',
  submit: '提交',
  resubmit: '重新提交',
  change: '批准后变更（重新提交）',
  district_approve: '区(市)审核通过',
  district_return: '区(市)退回',
  city_approve: '市人社局批准',
  city_return: '市人社局退回',
});

export const VENUE_KINDS = Object.freeze({
  fixed_site: '固定场所',
  production_site: '生产现场',
});

// An empty session row of the editor.
export function newSession(date = '') {
  return { id: null, date, start: '09:00', end: '11:30', room: '', capacity: 30, examiners: [], leader: null, proctors: [] };
}

// The editor's state → the API body.
export function toBody(form) {
  return {
    project_code: form.project_code,
    title: form.title,
    venue_kind: form.venue_kind,
    venue_address: form.venue_address,
    safety_statement: form.safety_statement,
    process: form.process,
    room_preparation: form.room_preparation,
    rules_text: form.rules_text,
    discipline_text: form.discipline_text,
    safety_notes: form.safety_notes,
    expected_count: Number(form.expected_count) || 0,
    sessions: form.sessions.map((s) => ({
      id: s.id || null,
      date: s.date,
      start: s.start,
      end: s.end,
      room: s.room,
      capacity: Number(s.capacity) || 1,
      examiners: s.examiners.map((id) => ({ staff_id: id, group_leader: id === s.leader })),
      proctors: s.proctors,
    })),
    supervisors: form.supervisors,
  };
}

// The API's batch → the editor's state.
export function toForm(b) {
  return {
    project_code: b.project_code,
    title: b.title,
    venue_kind: b.venue_kind,
    venue_address: b.venue_address,
    safety_statement: b.safety_statement,
    process: b.process,
    room_preparation: b.room_preparation,
    rules_text: b.rules_text,
    discipline_text: b.discipline_text,
    safety_notes: b.safety_notes,
    expected_count: b.expected_count,
    sessions: b.sessions.map((s) => ({
      id: s.id,
      date: s.date,
      start: s.start,
      end: s.end,
      room: s.room,
      capacity: s.capacity,
      examiners: s.staff.filter((x) => x.role === 'examiner').map((x) => x.staff_id),
      leader: s.staff.find((x) => x.role === 'examiner' && x.group_leader)?.staff_id ?? null,
      proctors: s.staff.filter((x) => x.role === 'proctor').map((x) => x.staff_id),
    })),
    supervisors: b.supervisors.map((x) => x.staff_id),
  };
}
