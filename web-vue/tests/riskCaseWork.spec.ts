import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { i18n } from '@/i18n'
import { useRiskCasesStore } from '@/stores/riskCases'
import RiskCaseView from '@/views/risk/RiskCaseView.vue'
import { formatBusinessDateTime } from '@/utils/businessTime'
import { noteError } from '@/utils/risk'
import { jsonResponse, mockFetch, problem, problemOfType, requestOf, stillProcessing } from './helpers'
import { mountRiskView } from './riskHelpers'

const SINCE = '2024-03-05T08:30:00Z'
const me = { name: 'Olivia Officer', isMe: true, since: SINCE }
const bob = { name: 'Bob Officer', isMe: false, since: SINCE }

const note = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  author: 'Bob Officer',
  text: `Note ${id}`,
  createdAt: '2024-03-05T09:00:00Z',
  ...extra,
})

/** An open transaction case as GET /api/risk/cases/{id} (and claim, release) answer it. */
const riskCase = (extra: Record<string, unknown> = {}) => ({
  id: 'case-1',
  kind: 'transaction',
  status: 'open',
  customerId: 'cust-1',
  subjectId: 'tx-1',
  openedAt: '2024-03-05T08:00:00Z',
  score: 72,
  reasons: [{ code: 'velocity.payer.count.1h', message: 'Nine payments in one hour' }],
  summary: 'P2P payment of 100.00 CNY',
  resolution: null,
  resolvedAt: null,
  comment: null,
  resolvedBy: null,
  context: null,
  history: [],
  assignee: null,
  notes: [],
  ...extra,
})

const resolvedCase = (extra: Record<string, unknown> = {}) =>
  riskCase({
    status: 'resolved',
    resolution: 'approve',
    resolvedAt: '2024-03-05T10:00:00Z',
    resolvedBy: 'Olivia Officer',
    comment: 'Known payee',
    ...extra,
  })

const assignedElsewhere = (action: string) =>
  problemOfType(409, 'case-assigned-elsewhere', {
    title: 'Assigned to another officer',
    detail: `Bob Officer is working on this case; take it over before you ${action} it.`,
    assignee: 'Bob Officer',
  })

const bodyOf = (fetchMock: ReturnType<typeof mockFetch>, call: number) => {
  const body = requestOf(fetchMock, call).init.body
  return body === undefined ? undefined : JSON.parse(body as string)
}

/** A fetch answer that arrives only when `resolve` is called, to look at the page while a request is on its way. */
function deferred(): { promise: Promise<Response>; resolve: (r: Response) => void } {
  let resolve!: (r: Response) => void
  const promise = new Promise<Response>((r) => (resolve = r))
  return { promise, resolve }
}

const isDisabled = (node: HTMLElement | null) => (node as HTMLButtonElement | null)?.disabled === true

afterEach(() => {
  vi.unstubAllGlobals()
  i18n.global.locale.value = 'zh-CN'
})

describe('case assignment', { timeout: 20_000 }, () => {
  it('claims an unassigned case: the button is busy while it is on its way, then the bar says the officer works on it', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(riskCase()))
    const answer = deferred()
    fetchMock.mockReturnValueOnce(answer.promise)
    const { q, click, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')

    const bar = q('case-assignment')!
    expect(bar.getAttribute('role')).toBe('group')
    expect(bar.getAttribute('aria-label')).toBe('Who is working on this case')
    expect(q('case-assignment-text')!.textContent).toContain('Unassigned')
    expect(q('case-release')).toBeNull()
    expect(q('case-take-over')).toBeNull()
    expect(isDisabled(q('case-approve'))).toBe(false)
    expect(q('case-decide-blocked')).toBeNull()

    await click('case-claim')
    const { url, init, headers } = requestOf(fetchMock, 1)
    expect(url).toBe('/api/risk/cases/case-1/claim')
    expect(init.method).toBe('POST')
    expect(headers['X-CSRF']).toBe('1')
    expect(bodyOf(fetchMock, 1)).toEqual({})
    expect(isDisabled(q('case-claim'))).toBe(true)
    expect(q('case-claim')!.classList.contains('is-loading')).toBe(true)
    expect(q('case-assignment')!.getAttribute('aria-busy')).toBe('true')

    answer.resolve(jsonResponse(riskCase({ assignee: me })))
    await vi.waitFor(() => expect(q('case-release')).not.toBeNull())
    expect(q('case-assignment-text')!.textContent).toBe(`You are working on this case since ${formatBusinessDateTime(SINCE, 'en')}`)
    expect(q('case-assignment')!.dataset.state).toBe('mine')
    expect(q('case-claim')).toBeNull()
    expect(q('case-assignment-error')).toBeNull()
    expect(isDisabled(q('case-approve'))).toBe(false)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    unmount()
  })

  it('releases a case the officer holds', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(riskCase({ assignee: me })), jsonResponse(riskCase()))
    const { q, click, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    expect(q('case-assignment-text')!.textContent).toContain('You are working on this case since')
    await click('case-release')
    const { url, init } = requestOf(fetchMock, 1)
    expect(url).toBe('/api/risk/cases/case-1/release')
    expect(init.method).toBe('POST')
    expect(init.body).toBeUndefined()
    expect(q('case-assignment-text')!.textContent).toContain('Unassigned')
    expect(q('case-claim')).not.toBeNull()
    expect(q('case-release')).toBeNull()
    unmount()
  })

  it.each([
    ['en', 'Bob Officer is working on this case since', 'Take over'],
    ['zh-CN', 'Bob Officer 自', '接手'],
  ] as const)('takes a case over from another officer after confirming (%s)', async (locale, held, takeOver) => {
    i18n.global.locale.value = locale
    const fetchMock = mockFetch(jsonResponse(riskCase({ assignee: bob })), jsonResponse(riskCase({ assignee: me })))
    const { q, click, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    expect(q('case-assignment-text')!.textContent).toContain(held)
    expect(q('case-assignment-text')!.textContent).toContain(formatBusinessDateTime(SINCE, locale))
    expect(q('case-assignment')!.dataset.state).toBe('other')
    expect(q('case-take-over')!.textContent?.trim()).toBe(takeOver)
    expect(q('case-claim')).toBeNull()

    // Asked first; cancelling sends nothing.
    await click('case-take-over')
    expect(q('case-take-over-text')!.textContent).toContain('Bob Officer')
    await click('case-take-over-cancel')
    await vi.waitFor(() => expect(q('case-take-over-dialog')?.closest('.el-overlay')?.getAttribute('style') ?? '').toContain('display: none'))
    expect(fetchMock).toHaveBeenCalledTimes(1)

    await click('case-take-over')
    await click('case-take-over-confirm')
    expect(requestOf(fetchMock, 1).url).toBe('/api/risk/cases/case-1/claim')
    expect(bodyOf(fetchMock, 1)).toEqual({ takeOver: true })
    expect(q('case-assignment')!.dataset.state).toBe('mine')
    expect(q('case-release')).not.toBeNull()
    expect(q('case-decide-blocked')).toBeNull()
    expect(isDisabled(q('case-approve'))).toBe(false)
    unmount()
  })

  it('shows why a claim was refused when another officer got there first (409), and the case as it now is', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(riskCase()), assignedElsewhere('claim'), jsonResponse(riskCase({ assignee: bob })))
    const { q, click, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    await click('case-claim')
    expect(bodyOf(fetchMock, 1)).toEqual({})
    const error = q('case-assignment-error')!
    expect(error.getAttribute('role')).toBe('alert')
    expect(error.textContent).toContain('Bob Officer is working on this case; take it over before you claim it.')
    expect(requestOf(fetchMock, 2).url).toBe('/api/risk/cases/case-1')
    expect(q('case-assignment-text')!.textContent).toContain('Bob Officer is working on this case since')
    expect(q('case-take-over')).not.toBeNull()
    expect(q('case-claim')).toBeNull()
    unmount()
  })

  it('shows a claim on a case closed meanwhile (409) and the case without an assignment bar', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(
      jsonResponse(riskCase()),
      problem(409, { title: 'Case closed', detail: 'The case is resolved; only open cases are worked on.' }),
      jsonResponse(resolvedCase()),
    )
    const { q, click, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    await click('case-claim')
    expect(q('case-assignment-error')!.textContent).toContain('only open cases are worked on')
    expect(q('case-assignment')).toBeNull()
    expect(q('case-resolution')).not.toBeNull()
    unmount()
  })

  it('shows other refusals of a release without reloading the case', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(riskCase({ assignee: me })), jsonResponse({ title: 'Risk is down' }, 503))
    const { q, click, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    await click('case-release')
    expect(q('case-assignment-error')!.textContent).toContain('Risk is down')
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(q('case-release')).not.toBeNull()
    expect(isDisabled(q('case-release'))).toBe(false)
    unmount()
  })

  it('has no assignment bar on a closed case', async () => {
    mockFetch(jsonResponse(resolvedCase()))
    const { q, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    expect(q('case-assignment')).toBeNull()
    expect(q('case-claim')).toBeNull()
    unmount()
  })
})

describe('deciding a case someone holds', { timeout: 20_000 }, () => {
  it.each([
    ['en', 'Bob Officer is working on this case. Take it over before you decide it.'],
    ['zh-CN', 'Bob Officer 正在处理此案件，请先接手，再做出决定。'],
  ] as const)('says another officer holds it and keeps the decision buttons off (%s)', async (locale, hint) => {
    i18n.global.locale.value = locale
    const fetchMock = mockFetch(jsonResponse(riskCase({ assignee: bob })))
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    expect(q('case-decide')).not.toBeNull()
    expect(q('case-decide-blocked')!.textContent).toContain(hint)
    for (const id of ['case-approve', 'case-decline']) {
      expect(isDisabled(q(id))).toBe(true)
      expect(q(id)!.getAttribute('aria-describedby')).toBe('case-decide-blocked')
    }
    expect(q('case-decide-blocked')!.id).toBe('case-decide-blocked')
    // The comment can still be drafted.
    await type('case-comment', 'Looks fine')
    await click('case-approve')
    expect(q('case-confirm')).toBeNull()
    expect(fetchMock).toHaveBeenCalledTimes(1)
    unmount()
  })

  it('lets the officer decide a case they hold', async () => {
    mockFetch(jsonResponse(riskCase({ assignee: me })))
    const { q, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    expect(q('case-decide-blocked')).toBeNull()
    expect(isDisabled(q('case-approve'))).toBe(false)
    expect(isDisabled(q('case-decline'))).toBe(false)
    unmount()
  })

  it('shows a 409 case-assigned-elsewhere on the decision, reloads the case, and decides with a new key after a take-over', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(
      jsonResponse(riskCase()),
      assignedElsewhere('decide'),
      jsonResponse(riskCase({ assignee: bob })),
      jsonResponse(riskCase({ assignee: me })),
      jsonResponse(resolvedCase({ comment: 'Looks fine' })),
    )
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    await type('case-comment', 'Looks fine')
    await click('case-approve')
    await click('case-confirm')
    expect(requestOf(fetchMock, 1).url).toBe('/api/risk/cases/case-1/decision')
    const firstKey = requestOf(fetchMock, 1).headers['Idempotency-Key']
    const error = q('case-submit-error')!
    expect(error.getAttribute('role')).toBe('alert')
    expect(error.textContent).toContain('Bob Officer is working on this case; take it over before you decide it.')
    expect(requestOf(fetchMock, 2).url).toBe('/api/risk/cases/case-1')
    expect(q('case-conflict')).toBeNull()
    expect(q('case-decide-blocked')).not.toBeNull()
    expect(isDisabled(q('case-approve'))).toBe(true)
    expect((q('case-comment') as HTMLTextAreaElement).value).toBe('Looks fine')

    await click('case-take-over')
    await click('case-take-over-confirm')
    expect(bodyOf(fetchMock, 3)).toEqual({ takeOver: true })
    expect(q('case-submit-error')).toBeNull()
    expect(isDisabled(q('case-approve'))).toBe(false)

    await click('case-approve')
    await click('case-confirm')
    expect(requestOf(fetchMock, 4).url).toBe('/api/risk/cases/case-1/decision')
    expect(bodyOf(fetchMock, 4)).toEqual({ decision: 'approve', comment: 'Looks fine' })
    // The refusal is stored under the first key and would be replayed: the second try has its own.
    expect(requestOf(fetchMock, 4).headers['Idempotency-Key']).not.toBe(firstKey)
    expect(q('case-resolution')!.textContent).toContain('Approved')
    expect(q('case-assignment')).toBeNull()
    unmount()
  })

  it.each([
    ['en', 'still being processed'],
    ['zh-CN', '仍在处理中'],
  ] as const)('keeps the key when the same decision is still being processed (409 idempotency-in-progress), and says to try again (%s)', async (locale, words) => {
    i18n.global.locale.value = locale
    const fetchMock = mockFetch(
      jsonResponse(riskCase()),
      stillProcessing(),
      jsonResponse(resolvedCase({ comment: 'Looks fine' })),
    )
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    await type('case-comment', 'Looks fine')
    await click('case-approve')
    await click('case-confirm')
    const firstKey = requestOf(fetchMock, 1).headers['Idempotency-Key']
    // Not "someone else resolved it": nothing is reloaded, and the officer is told to try again in a moment.
    expect(q('case-conflict')).toBeNull()
    expect(fetchMock).toHaveBeenCalledTimes(2)
    const error = q('case-submit-error')!
    expect(error.textContent).toContain(i18n.global.t('errors.stillProcessing'))
    expect(error.textContent).toContain(words)
    expect(error.textContent).not.toContain('Idempotency-Key')
    expect((q('case-comment') as HTMLTextAreaElement).value).toBe('Looks fine')

    await click('case-approve')
    await click('case-confirm')
    expect(requestOf(fetchMock, 2).url).toBe('/api/risk/cases/case-1/decision')
    expect(requestOf(fetchMock, 2).headers['Idempotency-Key']).toBe(firstKey)
    expect(q('case-resolution')).not.toBeNull()
    unmount()
  })

  it('still decides an unassigned case', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(riskCase()), jsonResponse(resolvedCase({ resolution: 'decline', comment: 'Mule' })))
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    await type('case-comment', 'Mule')
    await click('case-decline')
    await click('case-confirm')
    expect(bodyOf(fetchMock, 1)).toEqual({ decision: 'decline', comment: 'Mule' })
    expect(q('case-resolution')!.textContent).toContain('Declined')
    unmount()
  })
})

describe('case notes', { timeout: 20_000 }, () => {
  it('lists the notes oldest first with author, local time and the text as written (line breaks kept, never HTML)', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(
      jsonResponse(
        riskCase({
          notes: [
            note('n1', { text: 'Called the customer.\nNo answer.' }),
            note('n2', { author: 'Olivia Officer', text: '<b>not bold</b> <img src=x onerror=alert(1)>', createdAt: '2024-03-05T11:00:00Z' }),
          ],
        }),
      ),
    )
    const { q, all, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    expect(q('case-notes-empty')).toBeNull()
    expect(q('case-notes-list')!.getAttribute('aria-label')).toBe('Notes on this case, oldest first')
    const notes = all('case-note')
    expect(notes).toHaveLength(2)
    expect(notes[0]!.querySelector('[data-testid="case-note-author"]')!.textContent).toBe('Bob Officer')
    const time = notes[0]!.querySelector('time')!
    expect(time.getAttribute('datetime')).toBe('2024-03-05T09:00:00Z')
    expect(time.textContent).toBe(formatBusinessDateTime('2024-03-05T09:00:00Z', 'en'))
    const text = notes[0]!.querySelector<HTMLElement>('[data-testid="case-note-text"]')!
    expect(text.textContent).toBe('Called the customer.\nNo answer.')
    expect(text.classList.contains('notes-text')).toBe(true)
    const html = notes[1]!.querySelector('[data-testid="case-note-text"]')!
    expect(html.textContent).toBe('<b>not bold</b> <img src=x onerror=alert(1)>')
    expect(html.querySelector('b, img')).toBeNull()
    expect(notes[1]!.textContent).toContain('Olivia Officer')
    unmount()
  })

  it.each([
    ['en', 'No notes yet'],
    ['zh-CN', '暂无笔记'],
  ] as const)('says when there are no notes, on a closed case too, and still takes one (%s)', async (locale, empty) => {
    i18n.global.locale.value = locale
    mockFetch(jsonResponse(resolvedCase()))
    const { q, all, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    expect(q('case-notes-empty')!.textContent).toBe(empty)
    expect(all('case-note')).toHaveLength(0)
    expect(q('case-note-input')).not.toBeNull()
    expect(q('case-note-submit')).not.toBeNull()
    unmount()
  })

  it('has a labelled text box with a 1000-character limit', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse(riskCase()))
    const { q, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    const input = q<HTMLTextAreaElement>('case-note-input')!
    expect(input.tagName).toBe('TEXTAREA')
    expect(input.id).toBe('case-note-input')
    expect(document.querySelector('label[for="case-note-input"]')!.textContent).toBe('Add a note')
    expect(input.getAttribute('maxlength')).toBe('1000')
    expect(input.getAttribute('aria-required')).toBe('true')
    expect(input.getAttribute('aria-invalid')).toBe('false')
    expect(input.getAttribute('aria-describedby')).toBe('case-note-hint')
    expect(q('case-notes')!.querySelector('.el-input__count')).not.toBeNull()
    unmount()
  })

  it('adds a note: posts the trimmed text, shows it last and empties the box', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(riskCase({ notes: [note('n1')] })))
    const answer = deferred()
    fetchMock.mockReturnValueOnce(answer.promise)
    const { q, all, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    await type('case-note-input', '  Payee checked.\nAll fine.  ')
    await click('case-note-submit')
    const { url, init, headers } = requestOf(fetchMock, 1)
    expect(url).toBe('/api/risk/cases/case-1/notes')
    expect(init.method).toBe('POST')
    expect(headers['X-CSRF']).toBe('1')
    expect(bodyOf(fetchMock, 1)).toEqual({ text: 'Payee checked.\nAll fine.' })
    expect(q('case-note-submit')!.classList.contains('is-loading')).toBe(true)

    answer.resolve(jsonResponse(note('n2', { author: 'Olivia Officer', text: 'Payee checked.\nAll fine.' }), 201))
    await vi.waitFor(() => expect(all('case-note')).toHaveLength(2))
    const last = all('case-note')[1]!
    expect(last.textContent).toContain('Olivia Officer')
    expect(last.querySelector('[data-testid="case-note-text"]')!.textContent).toBe('Payee checked.\nAll fine.')
    expect(q<HTMLTextAreaElement>('case-note-input')!.value).toBe('')
    expect(q('case-note-error')).toBeNull()
    expect(q('case-note-submit')!.classList.contains('is-loading')).toBe(false)
    unmount()
  })

  it('adds the first note to a case without any', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse(riskCase()), jsonResponse(note('n1', { text: 'First' }), 201))
    const { q, all, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    await type('case-note-input', 'First')
    await click('case-note-submit')
    expect(q('case-notes-empty')).toBeNull()
    expect(all('case-note').map((n) => n.querySelector('[data-testid="case-note-text"]')!.textContent)).toEqual(['First'])
    unmount()
  })

  it('asks for a note before sending: empty or only whitespace is refused on the field', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(riskCase()))
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    await click('case-note-submit')
    const input = q('case-note-input')!
    expect(q('case-note-error')!.textContent).toBe('Write a note first')
    expect(q('case-note-error')!.getAttribute('role')).toBe('alert')
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(input.getAttribute('aria-describedby')).toBe('case-note-error')
    expect(document.activeElement).toBe(input)

    await type('case-note-input', ' \n\t ')
    await click('case-note-submit')
    expect(q('case-note-error')!.textContent).toBe('Write a note first')
    expect(fetchMock).toHaveBeenCalledTimes(1)

    await type('case-note-input', 'Something')
    expect(q('case-note-error')).toBeNull()
    expect(input.getAttribute('aria-invalid')).toBe('false')
    unmount()
  })

  it('shows the server’s 400 on the text next to the field, until the text changes', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(
      jsonResponse(riskCase()),
      problem(400, { errors: { text: ['text is 1 to 1000 characters, without control characters.'] } }),
    )
    const { q, all, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    await type('case-note-input', 'Something odd')
    await click('case-note-submit')
    expect(q('case-note-error')!.textContent).toBe('text is 1 to 1000 characters, without control characters.')
    expect(q('case-note-input')!.getAttribute('aria-invalid')).toBe('true')
    expect(q<HTMLTextAreaElement>('case-note-input')!.value).toBe('Something odd')
    expect(all('case-note')).toHaveLength(0)
    expect(q('case-note-submit-error')).toBeNull()
    await type('case-note-input', 'Something else')
    expect(q('case-note-error')).toBeNull()
    unmount()
  })

  it('shows any other failure as an alert and keeps the text', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse(riskCase()), new TypeError('network down'))
    const { q, click, type, unmount } = await mountRiskView(RiskCaseView, '/admin/risk/cases/case-1')
    await type('case-note-input', 'Keep me')
    await click('case-note-submit')
    expect(q('case-note-submit-error')!.getAttribute('role')).toBe('alert')
    expect(q('case-note-submit-error')!.textContent).toContain(i18n.global.t('errors.network'))
    expect(q<HTMLTextAreaElement>('case-note-input')!.value).toBe('Keep me')
    unmount()
  })
})

describe('noteError', () => {
  it('wants 1 to 1000 characters after trimming and no control characters but line breaks and tabs', () => {
    expect(noteError('')).toBe('risk.notes.errors.required')
    expect(noteError(' \n ')).toBe('risk.notes.errors.required')
    expect(noteError('a'.repeat(1000))).toBeNull()
    expect(noteError(` ${'a'.repeat(1000)} `)).toBeNull()
    expect(noteError('a'.repeat(1001))).toBe('risk.notes.errors.tooLong')
    expect(noteError('line one\r\nline two\tindented')).toBeNull()
    expect(noteError('bell\u0007')).toBe('risk.notes.errors.control')
  })
})

describe('the queue behind a case', () => {
  it('shows a claim, a release and a decision on the case’s row when the officer goes back', async () => {
    setActivePinia(createPinia())
    const summary = { ...riskCase(), context: undefined, history: undefined, notes: undefined }
    mockFetch(
      jsonResponse({ items: [summary], page: 1, pageSize: 20, total: 1 }),
      jsonResponse(riskCase()),
      jsonResponse(riskCase({ assignee: me })),
      jsonResponse(riskCase({ notes: [note('n1')] })),
      jsonResponse(riskCase({ assignee: me })),
      jsonResponse(resolvedCase({ assignee: me })),
    )
    const store = useRiskCasesStore()
    await store.load()
    await store.loadCase('case-1')
    await store.claim()
    expect(store.items[0]!.assignee).toEqual(me)
    expect(store.current!.assignee).toEqual(me)
    await store.release()
    expect(store.items[0]!.assignee).toBeNull()
    // What the answer carries replaces what was on screen, notes included.
    expect(store.current!.notes).toEqual([note('n1')])
    await store.claim()
    await store.decide('approve', 'Known payee')
    expect(store.items[0]).toMatchObject({ status: 'resolved', resolution: 'approve', assignee: null })
    expect(store.current!.assignee).toBeNull()
  })
})
