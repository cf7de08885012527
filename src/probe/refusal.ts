/**
 * Which HTTP answers mean "no certificate, no entry". Enforcement does not always show as a TLS alert:
 * - App Service's front end answers 403 ("Client Certificate Required") when the certificate is missing;
 * - nginx answers 400 with "No required SSL certificate was sent" or "The SSL certificate error"
 *   (internally 496 and 495, which some configurations expose as such).
 * Anything else, 3xx to a login page and 401 included, means the TLS layer let the caller through: whatever the app
 * does next is not client-certificate enforcement.
 */

export interface StatusClassification {
  refused: boolean;
  detail: string;
}

const NGINX_CERTIFICATE_PAGE = /no required ssl certificate was sent|the ssl certificate error|client certificate/i;

export function classifyStatus(status: number, body: string): StatusClassification {
  if (status === 403) return { refused: true, detail: 'HTTP 403 Forbidden' };
  if (status === 495) return { refused: true, detail: 'HTTP 495 (SSL certificate error)' };
  if (status === 496) return { refused: true, detail: 'HTTP 496 (SSL certificate required)' };
  if (status === 400 && NGINX_CERTIFICATE_PAGE.test(body)) {
    return { refused: true, detail: 'HTTP 400 naming the client certificate' };
  }
  if (status >= 300 && status < 400) return { refused: false, detail: `HTTP ${status} redirect (not followed): the caller got through TLS` };
  return { refused: false, detail: `HTTP ${status}` };
}
