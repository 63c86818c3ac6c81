import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@/i18n'
import RiskReportView from '@/views/risk/RiskReportView.vue'
import { daysEnding, percentForFile, reportCsvRows } from '@/utils/risk'
import type { DailyRiskReport } from '@/api/types'
import { jsonResponse, mockFetch, requestOf } from './helpers'
import { mountRiskView } from './riskHelpers'

const report = (date: string, extra: Partial<DailyRiskReport> = {}): DailyRiskReport => ({
  date,
  total: 1200,
  approve: 1100,
  review: 80,
  decline: 20,
  reviewRate: 0.0667,
  resolvedCases: 75,
  falsePositiveRate: 0.125,
  topRules: [
    { code: 'VELOCITY_COUNT_1H', hits: 40 },
    { code: 'AMT_LARGE', hits: 25 },
  ],
  ...extra,
})

function captureDownloads() {
  const createUrl = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:csv')
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
  const names: string[] = []
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download)
  })
  const text = async (call = 0) => {
    const bytes = new Uint8Array(await (createUrl.mock.calls[call]![0] as Blob).arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    return new TextDecoder().decode(bytes.slice(3))
  }
  return { names, text }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  // Noon on 10 March in Beijing, whatever zone the test runs in.
  vi.setSystemTime(new Date('2024-03-10T04:00:00Z'))
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  i18n.global.locale.value = 'zh-CN'
})

describe('report helpers', () => {
  it('lists the days ending with a date, across month ends', () => {
    expect(daysEnding('2024-03-02', 3)).toEqual(['2024-02-29', '2024-03-01', '2024-03-02'])
  })

  it('writes rates as percentages with two decimals, without float noise', () => {
    expect(percentForFile(0.125)).toBe('12.50')
    expect(percentForFile(0.285)).toBe('28.50')
    expect(percentForFile(0)).toBe('0.00')
    expect(percentForFile(1)).toBe('100.00')
  })

  it('builds one CSV row per day', () => {
    i18n.global.locale.value = 'en'
    const rows = reportCsvRows([report('2024-03-10')], (k) => i18n.global.t(k))
    expect(rows).toEqual([
      ['Date', 'Screened', 'Approved', 'Sent to review', 'Declined', 'Review rate', 'Cases resolved', 'False-positive rate', 'Top rules'],
      ['2024-03-10', '1200', '1100', '80', '20', '6.67', '75', '12.50', 'VELOCITY_COUNT_1H (40); AMT_LARGE (25)'],
    ])
  })
})

describe('RiskReportView', { timeout: 20_000 }, () => {
  it('loads today’s report and shows the KPIs, with rates as percentages, and the top rules', async () => {
    i18n.global.locale.value = 'en'
    const fetchMock = mockFetch(jsonResponse(report('2024-03-10')))
    const { q, all, unmount } = await mountRiskView(RiskReportView, '/admin/risk/report')
    expect(requestOf(fetchMock).url).toBe('/api/risk/reports/daily?date=2024-03-10')
    expect(q('kpi-total')!.textContent).toContain('1,200')
    expect(q('kpi-reviewRate')!.textContent).toContain('6.7%')
    expect(q('kpi-falsePositiveRate')!.textContent).toContain('12.5%')
    expect(all('top-rule-row').map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['VELOCITY_COUNT_1H', '40'],
      ['AMT_LARGE', '25'],
    ])
    unmount()
  })

  it('takes today to be Beijing’s today, the day the server counts in, and says so', async () => {
    i18n.global.locale.value = 'en'
    // 17:00 UTC on 10 March is already 01:00 on the 11th in Beijing.
    vi.setSystemTime(new Date('2024-03-10T17:00:00Z'))
    const fetchMock = mockFetch(jsonResponse(report('2024-03-11')))
    const { q, unmount } = await mountRiskView(RiskReportView, '/admin/risk/report')
    expect(requestOf(fetchMock).url).toBe('/api/risk/reports/daily?date=2024-03-11')
    expect(q('report-time-zone')!.textContent).toBe('Each day runs from midnight to midnight Beijing time (UTC+8).')
    unmount()
  })

  it('exports the day as a UTF-8 CSV file', async () => {
    const { names, text } = captureDownloads()
    mockFetch(jsonResponse(report('2024-03-10')))
    const { click, unmount } = await mountRiskView(RiskReportView, '/admin/risk/report')
    await click('report-export')
    expect(names).toEqual(['jade-risk-report-2024-03-10.csv'])
    expect(await text()).toBe(
      '日期,筛查总数,通过,人工审核,拒绝,审核率,已处理案件,误报率,命中最多的规则\r\n' +
        '2024-03-10,1200,1100,80,20,6.67,75,12.50,VELOCITY_COUNT_1H (40); AMT_LARGE (25)\r\n',
    )
    unmount()
  })

  it('exports the last 7 days, fetched one day at a time, one row per day', async () => {
    i18n.global.locale.value = 'en'
    const { names, text } = captureDownloads()
    const days = daysEnding('2024-03-10', 7)
    const fetchMock = mockFetch(
      jsonResponse(report('2024-03-10')),
      ...days.map((d, i) => jsonResponse(report(d, { total: i, approve: i, review: 0, decline: 0, reviewRate: 0, falsePositiveRate: 0, topRules: [] }))),
    )
    const { click, unmount } = await mountRiskView(RiskReportView, '/admin/risk/report')
    await click('report-export-7')
    await vi.waitFor(() => expect(names).toHaveLength(1))
    expect(fetchMock.mock.calls.slice(1).map(([url]) => url)).toEqual(days.map((d) => `/api/risk/reports/daily?date=${d}`))
    expect(names).toEqual(['jade-risk-report-2024-03-04_2024-03-10.csv'])
    const lines = (await text()).split('\r\n')
    expect(lines[0]).toBe('Date,Screened,Approved,Sent to review,Declined,Review rate,Cases resolved,False-positive rate,Top rules')
    expect(lines.slice(1, 8)).toEqual(days.map((d, i) => `${d},${i},${i},0,0,0.00,75,0.00,`))
    expect(lines[8]).toBe('')
    unmount()
  })

  it('fails the range export as a whole when a day cannot be fetched', async () => {
    i18n.global.locale.value = 'en'
    const { names } = captureDownloads()
    mockFetch(jsonResponse(report('2024-03-10')), jsonResponse(report('2024-03-04')), jsonResponse({ title: 'Report store down' }, 503))
    const { q, click, unmount } = await mountRiskView(RiskReportView, '/admin/risk/report')
    await click('report-export-7')
    await vi.waitFor(() => expect(q('report-range-error')).not.toBeNull())
    expect(q('report-range-error')!.textContent).toContain('Report store down')
    expect(names).toEqual([])
    unmount()
  })

  it('shows an error with a retry when the report cannot be loaded', async () => {
    i18n.global.locale.value = 'en'
    mockFetch(jsonResponse({ title: 'No report' }, 404), jsonResponse(report('2024-03-10')))
    const { el, q, click, unmount } = await mountRiskView(RiskReportView, '/admin/risk/report')
    expect(el.textContent).toContain('No report')
    expect(q<HTMLButtonElement>('report-export')!.disabled).toBe(true)
    await click(el.querySelector<HTMLElement>('.load-retry')!)
    expect(q('kpi-total')).not.toBeNull()
    unmount()
  })
})
