import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { i18n } from '@/i18n'
import { riskCaseQuery } from '@/api/endpoints'
import { useRiskCasesStore } from '@/stores/riskCases'
import { formatBusinessDateTime } from '@/utils/businessTime'
import RiskCasesView from '@/views/risk/RiskCasesView.vue'
import { jsonResponse, mockFetch, requestOf } from './helpers'
import { mountRiskView } from './riskHelpers'

export const caseSummary = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'transaction',
  status: 'open',
  customerId: 'cust-1',
  subjectId: `tx-${id}`,
  openedAt: '2024-03-05T08:00:00Z',
  score: 72,
  reasons: [{ code: 'velocity.payer.count.1h', message: 'Many payments in an hour' }],
  summary: `Payment ${id}`,
  resolution: null,
  resolvedAt: null,
  ...extra,
})

const page = (items: unknown[], total = items.length, pageNo = 1, pageSize = 20) => jsonResponse({ items, page: pageNo, pageSize, total })

afterEach(() => {
  vi.unstubAllGlobals()
  i18n.global.locale.value = 'zh-CN'
})

describe('case queue query', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('sends only the filters that are set, then the page', () => {
    expect(riskCaseQuery({ status: 'open', kind: '', resolution: '' }, 1, 20).toString()).toBe('status=open&page=1&pageSize=20')
    expect(riskCaseQuery({ status: '', kind: 'kyc', resolution: 'decline', from: 'a', to: 'b' }, 3, 50).toString()).toBe(
      'kind=kyc&resolution=decline&from=a&to=b&page=3&pageSize=50',
    )
    expect(riskCaseQuery({ status: 'open', assignee: 'me', from: 'a' }, 1, 20).toString()).toBe('status=open&assignee=me&from=a&page=1&pageSize=20')
    expect(riskCaseQuery({ assignee: 'none' }, 1, 20).toString()).toBe('assignee=none&page=1&pageSize=20')
    expect(riskCaseQuery({ assignee: '' }, 1, 20).toString()).toBe('page=1&pageSize=20')
  })

  it('turns the date range into Beijing midnights: the start of the first business day and the end of the last', async () => {
    const fetchMock = mockFetch(page([]))
    const store = useRiskCasesStore()
    await store.applyFilters({ status: 'resolved', kind: 'transaction', resolution: 'decline', dateRange: ['2024-03-01', '2024-03-31'] })
    const url = new URL(requestOf(fetchMock).url, 'http://x')
    expect(url.pathname).toBe('/api/risk/cases')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: 'resolved',
      kind: 'transaction',
      resolution: 'decline',
      // Whatever the browser's zone: the server keeps cases opened at or after `from` and before `to`.
      from: '2024-03-01T00:00:00+08:00',
      to: '2024-04-01T00:00:00+08:00',
      page: '1',
      pageSize: '20',
    })
  })

  it('ends a range on the last day of a year in the next year', async () => {
    const fetchMock = mockFetch(page([]))
    await useRiskCasesStore().applyFilters({ dateRange: ['2024-12-31', '2024-12-31'] })
    const url = new URL(requestOf(fetchMock).url, 'http://x')
    expect(url.searchParams.get('from')).toBe('2024-12-31T00:00:00+08:00')
    expect(url.searchParams.get('to')).toBe('2025-01-01T00:00:00+08:00')
    expect(requestOf(fetchMock).url).toContain('from=2024-12-31T00%3A00%3A00%2B08%3A00')
  })

  it('starts again at page 1 when the filters or the page size change', async () => {
    const fetchMock = mockFetch(page([], 100, 3), page([]), page([]))
    const store = useRiskCasesStore()
    await store.setPage(3)
    expect(requestOf(fetchMock, 0).url).toContain('page=3&pageSize=20')
    await store.applyFilters({ status: 'resolved' })
    expect(requestOf(fetchMock, 1).url).toBe('/api/risk/cases?status=resolved&page=1&pageSize=20')
    await store.setPage(2)
    await store.setPageSize(50)
    expect(fetchMock.mock.calls.at(-1)![0]).toBe('/api/risk/cases?status=resolved&page=1&pageSize=50')
  })
})

describe('RiskCasesView', { timeout: 20_000 }, () => {
  it.each([
    ['en', 'Mar 6, 2024, 4:30 AM', 'Dates and times are in Beijing time (UTC+8).'],
    ['zh-CN', '2024年3月6日 04:30', '日期和时间均为北京时间（UTC+8）。'],
  ] as const)('shows when each case opened in Beijing time, and says so (%s)', async (locale, opened, note) => {
    i18n.global.locale.value = locale
    // 20:30 UTC on 5 March is 04:30 on 6 March in Beijing.
    mockFetch(page([caseSummary('c1', { openedAt: '2024-03-05T20:30:00Z' })]))
    const { q, all, unmount } = await mountRiskView(RiskCasesView, '/admin/risk/cases')
    expect(all('case-row')[0]!.querySelector('time')!.textContent).toBe(opened)
    expect(q('risk-time-zone')!.textContent).toBe(note)
    unmount()
  })

  it('lists the open cases and opens one when its row is clicked', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(page([caseSummary('c1'), caseSummary('c2', { kind: 'kyc', summary: 'KYC Ivan' })], 2))
    const { all, router, unmount } = await mountRiskView(RiskCasesView, '/admin/risk/cases')
    expect(requestOf(fetchMock).url).toBe('/api/risk/cases?status=open&page=1&pageSize=20')
    const rows = all('case-row')
    expect(rows.map((r) => r.dataset.caseId)).toEqual(['c1', 'c2'])
    expect(rows[0]!.textContent).toContain('Payment c1')
    expect(rows[0]!.textContent).toContain('velocity.payer.count.1h')
    expect(rows[1]!.textContent).toContain('KYC')
    rows[1]!.click()
    await new Promise((r) => setTimeout(r, 0))
    await router.isReady()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/admin/risk/cases/c2'))
    unmount()
  })

  it('reloads from page 1 with the chosen kind', async () => {
    const fetchMock = mockFetch(page([caseSummary('c1')], 1), page([]))
    const { el, q, unmount } = await mountRiskView(RiskCasesView, '/admin/risk/cases')
    el.querySelectorAll<HTMLInputElement>('[data-testid="case-filter-kind"] input')[2]!.click() // KYC
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2))
    expect(requestOf(fetchMock, 1).url).toBe('/api/risk/cases?status=open&kind=kyc&page=1&pageSize=20')
    await vi.waitFor(() => expect(q('case-empty')).not.toBeNull())
    expect(q('case-empty')!.textContent).toContain(i18n.global.t('risk.cases.emptyFiltered'))
    unmount()
  })

  it.each([
    ['en', ['Any kind', 'Transaction', 'KYC', 'Level 3 application']],
    ['zh-CN', ['全部类型', '交易', '身份认证', '三级认证申请']],
  ] as const)('offers the level 3 applications, asks for kind=kyc_upgrade and tags them (%s)', async (locale, options) => {
    i18n.global.locale.value = locale
    const application = caseSummary('u1', {
      kind: 'kyc_upgrade',
      subjectId: 'app-1',
      score: 0,
      summary: 'KYC level 3 application: employee, salary, 200k_500k a year',
      reasons: [{ code: 'kyc.level3_application', message: 'Application for KYC level 3' }],
    })
    const fetchMock = mockFetch(page([caseSummary('c1')]), page([application]))
    const { el, all, unmount } = await mountRiskView(RiskCasesView, '/admin/risk/cases')
    const radios = [...el.querySelectorAll<HTMLLabelElement>('[data-testid="case-filter-kind"] label')]
    expect(radios.map((r) => r.textContent?.trim())).toEqual(options)
    radios[3]!.querySelector('input')!.click()
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2))
    expect(requestOf(fetchMock, 1).url).toBe('/api/risk/cases?status=open&kind=kyc_upgrade&page=1&pageSize=20')
    await vi.waitFor(() => expect(all('case-row').map((r) => r.dataset.caseId)).toEqual(['u1']))
    expect(all('case-kind')[0]!.textContent).toBe(options[3])
    expect(all('case-row')[0]!.textContent).toContain('kyc.level3_application')
    unmount()
  })

  it('pages through the queue', async () => {
    const first = Array.from({ length: 20 }, (_, i) => caseSummary(`a${i}`))
    const fetchMock = mockFetch(page(first, 45), page([caseSummary('b0')], 45, 2))
    const { q, all, click, unmount } = await mountRiskView(RiskCasesView, '/admin/risk/cases')
    expect(all('case-row')).toHaveLength(20)
    expect(q('case-pagination')!.textContent).toContain('45')
    await click(q('case-pagination')!.querySelector<HTMLElement>('.btn-next')!)
    expect(requestOf(fetchMock, 1).url).toBe('/api/risk/cases?status=open&page=2&pageSize=20')
    expect(all('case-row').map((r) => r.dataset.caseId)).toEqual(['b0'])
    unmount()
  })

  it('shows the empty queue, and an error with a retry', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse({ title: 'Risk is down' }, 503), page([]))
    const { el, q, click, unmount } = await mountRiskView(RiskCasesView, '/admin/risk/cases')
    expect(el.textContent).toContain('Risk is down')
    await click(el.querySelector<HTMLElement>('.load-retry')!)
    expect(q('case-empty')!.textContent).toContain('No open cases')
    unmount()
  })

  it.each([
    ['en', ['Any status', 'Open', 'Resolved', 'Withdrawn'], 'Withdrawn'],
    ['zh-CN', ['全部状态', '待处理', '已处理', '已撤回'], '已撤回'],
  ] as const)('offers the withdrawn cases and tags them neutrally (%s)', async (locale, options, tag) => {
    i18n.global.locale.value = locale
    const withdrawn = caseSummary('w1', { status: 'withdrawn', resolvedAt: '2024-03-05T09:00:00Z' })
    const fetchMock = mockFetch(page([caseSummary('c1')]), page([withdrawn]))
    const { el, all, unmount } = await mountRiskView(RiskCasesView, '/admin/risk/cases')
    const radios = [...el.querySelectorAll<HTMLLabelElement>('[data-testid="case-filter-status"] label')]
    expect(radios.map((r) => r.textContent?.trim())).toEqual(options)
    radios[3]!.querySelector('input')!.click()
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2))
    expect(requestOf(fetchMock, 1).url).toBe('/api/risk/cases?status=withdrawn&page=1&pageSize=20')
    await vi.waitFor(() => expect(all('case-row').map((r) => r.dataset.caseId)).toEqual(['w1']))
    const status = all('case-status')[0]!
    expect(status.textContent?.trim()).toBe(tag)
    expect(status.classList.contains('el-tag--info')).toBe(true)
    unmount()
  })

  it('tags open, approved, declined and withdrawn cases apart in a list of every status', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(
      page([
        caseSummary('o'),
        caseSummary('a', { status: 'resolved', resolution: 'approve', resolvedAt: '2024-03-05T09:00:00Z' }),
        caseSummary('d', { status: 'resolved', resolution: 'decline', resolvedAt: '2024-03-05T09:00:00Z' }),
        caseSummary('w', { status: 'withdrawn', resolvedAt: '2024-03-05T09:00:00Z' }),
      ]),
    )
    const { all, unmount } = await mountRiskView(RiskCasesView, '/admin/risk/cases')
    const tags = all('case-status')
    expect(tags.map((t) => t.textContent?.trim())).toEqual(['Open', 'Approved', 'Declined', 'Withdrawn'])
    expect(tags.map((t) => ['warning', 'success', 'danger', 'info'].find((type) => t.classList.contains(`el-tag--${type}`)))).toEqual([
      'warning',
      'success',
      'danger',
      'info',
    ])
    unmount()
  })

  it.each([
    ['en', 'You', 'Unassigned'],
    ['zh-CN', '我', '未分配'],
  ] as const)('shows who works on each case: the officer as "you", another by name, nobody on an open case, a dash on a closed one (%s)', async (locale, you, nobody) => {
    i18n.global.locale.value = locale
    const since = '2024-03-05T08:30:00Z'
    mockFetch(
      page([
        caseSummary('mine', { assignee: { name: 'Olivia Officer', isMe: true, since } }),
        caseSummary('bob', { assignee: { name: 'Bob Officer', isMe: false, since } }),
        caseSummary('free', { assignee: null }),
        caseSummary('done', { status: 'resolved', resolution: 'approve', resolvedAt: '2024-03-05T09:00:00Z', assignee: null }),
      ]),
    )
    const { el, all, unmount } = await mountRiskView(RiskCasesView, '/admin/risk/cases')
    const headers = [...el.querySelectorAll('[data-testid="case-table"] th')].map((th) => th.textContent?.trim())
    expect(headers).toContain(i18n.global.t('risk.cases.columns.assignee'))
    const cells = all('case-assignee')
    expect(cells.map((c) => c.textContent?.trim())).toEqual([you, 'Bob Officer', nobody, '—'])
    expect(cells[0]!.querySelector('span')!.getAttribute('title')).toContain(formatBusinessDateTime(since, locale))
    unmount()
  })

  it.each([
    ['en', ['Anyone', 'Assigned to me', 'Unassigned']],
    ['zh-CN', ['全部处理人', '分配给我的', '未分配']],
  ] as const)('filters by assignee from page 1 and resets back to anyone (%s)', async (locale, options) => {
    i18n.global.locale.value = locale
    const first = Array.from({ length: 20 }, (_, i) => caseSummary(`a${i}`))
    const fetchMock = mockFetch(
      page(first, 45),
      page([caseSummary('b0')], 45, 2),
      page([caseSummary('m1', { assignee: { name: 'Olivia Officer', isMe: true, since: '2024-03-05T08:30:00Z' } })]),
      page([caseSummary('f1')]),
      page(first, 45),
    )
    const { el, q, all, click, pinia, unmount } = await mountRiskView(RiskCasesView, '/admin/risk/cases')
    const group = q('case-filter-assignee')!
    expect(group.getAttribute('aria-label')).toBe(i18n.global.t('risk.cases.filters.assignee'))
    const radios = [...el.querySelectorAll<HTMLLabelElement>('[data-testid="case-filter-assignee"] label')]
    expect(radios.map((r) => r.textContent?.trim())).toEqual(options)
    expect(isResetDisabled(q)).toBe(true)

    await click(q('case-pagination')!.querySelector<HTMLElement>('.btn-next')!)
    expect(requestOf(fetchMock, 1).url).toBe('/api/risk/cases?status=open&page=2&pageSize=20')

    radios[1]!.querySelector('input')!.click()
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(3))
    expect(requestOf(fetchMock, 2).url).toBe('/api/risk/cases?status=open&assignee=me&page=1&pageSize=20')
    await vi.waitFor(() => expect(all('case-row').map((r) => r.dataset.caseId)).toEqual(['m1']))
    expect(isResetDisabled(q)).toBe(false)

    radios[2]!.querySelector('input')!.click()
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(4))
    expect(requestOf(fetchMock, 3).url).toBe('/api/risk/cases?status=open&assignee=none&page=1&pageSize=20')

    await click('case-filter-reset')
    expect(requestOf(fetchMock, 4).url).toBe('/api/risk/cases?status=open&page=1&pageSize=20')
    expect(useRiskCasesStore(pinia).filters.assignee).toBe('')
    unmount()
  })
})

const isResetDisabled = (q: (id: string) => HTMLElement | null) => (q('case-filter-reset') as HTMLButtonElement).disabled
