import { useI18n } from 'vue-i18n'
import { ApiError, isStillProcessing } from '@/api/http'

/** The text to show for a failed call: the server's own words when it sent some. */
export function useErrorText() {
  const { t } = useI18n()
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.isNetworkError) return t('errors.network')
      // The server's words would be English whatever the language, and name a header the reader never saw.
      if (isStillProcessing(error)) return t('errors.stillProcessing')
      return error.detail ?? error.title ?? t('errors.generic')
    }
    return t('errors.generic')
  }
}
