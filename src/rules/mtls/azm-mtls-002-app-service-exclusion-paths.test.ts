import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResource, ruleContext, type Json } from '../../../test/harness/model-builder.js';
import { azmMtls002, splitExclusionPaths } from './azm-mtls-002-app-service-exclusion-paths.js';

function judge(properties: { [k: string]: Json }, type = 'Microsoft.Web/sites') {
  const built = buildResource({ type, name: 'contoso-api', body: { properties } });
  return { v: azmMtls002.check(built.resource, ruleContext()), built };
}

const RENEGOTIATION = 'Exclusion paths also force TLS renegotiation for client certificates, which HTTP/2 and TLS 1.3 do not support.';

describe('AZM-MTLS-002', () => {
  test('no exclusion paths: no result', () => {
    assert.equal(judge({ clientCertEnabled: true, clientCertMode: 'Required' }).v, undefined);
    assert.equal(judge({ clientCertExclusionPaths: '' }).v, undefined);
    assert.equal(judge({ clientCertExclusionPaths: ' ; , ' }).v, undefined);
  });

  test('paths separated by , and ; are listed; severity low', () => {
    const { v, built } = judge({ clientCertEnabled: true, clientCertMode: 'Required', clientCertExclusionPaths: '/health;/public ,/docs' });
    assert.equal(v?.status, 'fail');
    assert.equal(v?.severity, 'low');
    assert.equal(
      v?.message,
      `Remove client certificate exclusion paths: clientCertExclusionPaths lets requests under '/health', '/public', '/docs' through without a client certificate. ${RENEGOTIATION}`,
    );
    assert.deepEqual(v?.reasons?.[0]?.ref, built.ref('properties.clientCertExclusionPaths'));
    assert.deepEqual(v?.fixes, [
      { kind: 'remove', path: 'properties.clientCertExclusionPaths', safe: false, description: 'remove clientCertExclusionPaths (callers of the excluded paths will need a certificate)' },
    ]);
  });

  test("'/' excludes every path: severity medium", () => {
    const { v } = judge({ clientCertExclusionPaths: '/' });
    assert.equal(v?.severity, 'medium');
    assert.equal(
      v?.message,
      `Remove client certificate exclusion paths: clientCertExclusionPaths lets requests under '/' ('/' excludes every path) through without a client certificate. ${RENEGOTIATION}`,
    );
  });

  test('slots are judged too, and a provider default is named', () => {
    const { v } = judge({ clientCertExclusionPaths: { $default: '/api' } }, 'Microsoft.Web/sites/slots');
    assert.equal(v?.status, 'fail');
    assert.match(v!.message, /^Remove client certificate exclusion paths: clientCertExclusionPaths \(provider default\) lets requests under '\/api'/);
  });

  test('unresolved paths are unknown, unless every allowed value is empty', () => {
    const { v } = judge({ clientCertExclusionPaths: { $unresolved: "[parameters('excluded')]", reason: 'no value' } });
    assert.equal(v?.status, 'unknown');
    assert.equal(
      v?.message,
      `Cannot tell whether client certificate exclusion paths bypass the requirement: clientCertExclusionPaths comes from [parameters('excluded')], which cannot be resolved (no value). ${RENEGOTIATION}`,
    );
    assert.equal(judge({ clientCertExclusionPaths: { $unresolved: "[parameters('excluded')]", reason: 'no value', candidates: [''] } }).v, undefined);
  });

  test('splitExclusionPaths trims and drops empty entries', () => {
    assert.deepEqual(splitExclusionPaths(' /a ;; /b,/c/ '), ['/a', '/b', '/c/']);
  });

  test('az CLI clears the paths on the app or slot', () => {
    const b = buildResource({ type: 'Microsoft.Web/sites/slots', name: 'contoso-api/staging' });
    assert.equal(azmMtls002.meta.remediation.azCli!(b.resource), 'az webapp update --resource-group <resource-group> --name contoso-api --slot staging --set clientCertExclusionPaths=""');
  });
});
