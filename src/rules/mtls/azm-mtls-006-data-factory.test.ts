import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResource, ruleContext, type Json } from '../../../test/harness/model-builder.js';
import { azmMtls006 } from './azm-mtls-006-data-factory.js';
import type { ArrayNode, ObjectNode, VNode } from '../../model/value.js';

function linked(properties: { [k: string]: Json }) {
  const built = buildResource({ type: 'Microsoft.DataFactory/factories/linkedservices', name: 'adf1/partner', body: { properties } });
  const v = azmMtls006.check(built.resource, ruleContext());
  assert.ok(v);
  return { v, built };
}

function pipeline(activities: Json) {
  const built = buildResource({ type: 'Microsoft.DataFactory/factories/pipelines', name: 'adf1/sync', body: { properties: { activities } } });
  const v = azmMtls006.check(built.resource, ruleContext());
  assert.ok(v);
  return { v, built };
}

describe('AZM-MTLS-006 linked services', () => {
  test("Web with 'ClientCertificate' passes", () => {
    const { v } = linked({ type: 'Web', typeProperties: { authenticationType: 'ClientCertificate' } });
    assert.equal(v.status, 'pass');
    assert.equal(v.message, "The linked service authenticates with a client certificate: typeProperties.authenticationType is 'ClientCertificate'.");
  });

  test("HttpServer with 'Basic' fails at the property", () => {
    const { v, built } = linked({ type: 'HttpServer', typeProperties: { authenticationType: 'basic' } });
    assert.equal(v.status, 'fail');
    assert.equal(v.message, "Authenticate the linked service with a client certificate: typeProperties.authenticationType is 'Basic'.");
    assert.deepEqual(v.reasons?.[0]?.ref, built.ref('properties.typeProperties.authenticationType'));
  });

  test('other linked-service types are not applicable', () => {
    const { v } = linked({ type: 'RestService', typeProperties: { authenticationType: 'Anonymous' } });
    assert.equal(v.status, 'not-applicable');
    assert.equal(v.message, "Linked service type 'RestService' is not Web or HttpServer, the types that can authenticate with a client certificate.");
  });

  test('an unresolved type is unknown unless the authentication already passes', () => {
    const t = { $unresolved: "[parameters('lsType')]", reason: 'no value' };
    assert.equal(linked({ type: t, typeProperties: { authenticationType: 'Basic' } }).v.status, 'unknown');
    assert.equal(linked({ type: t, typeProperties: { authenticationType: 'ClientCertificate' } }).v.status, 'pass');
  });
});

describe('AZM-MTLS-006 pipelines', () => {
  test('no web activity: not applicable', () => {
    const { v } = pipeline([{ name: 'Copy', type: 'Copy', typeProperties: {} }]);
    assert.equal(v.status, 'not-applicable');
  });

  test('one reason per offending activity, nested ones included, each at its own location', () => {
    const { v, built } = pipeline([
      { name: 'CallApi', type: 'WebActivity', typeProperties: { url: 'https://a', authentication: { type: 'Basic' } } },
      { name: 'Good', type: 'WebActivity', typeProperties: { authentication: { type: 'ClientCertificate' } } },
      {
        name: 'EachFile',
        type: 'ForEach',
        typeProperties: {
          activities: [
            {
              name: 'Branch',
              type: 'IfCondition',
              typeProperties: {
                ifTrueActivities: [{ name: 'Notify', type: 'WebHook', typeProperties: { url: 'https://b' } }],
                ifFalseActivities: [],
              },
            },
          ],
        },
      },
      {
        name: 'Route',
        type: 'Switch',
        typeProperties: {
          cases: [{ value: 'x', activities: [{ name: 'Flat', type: 'WebActivity', typeProperties: { authenticationType: 'ServicePrincipal' } }] }],
          defaultActivities: [{ name: 'Fallback', type: 'webactivity', typeProperties: { authentication: { type: 'clientcertificate' } } }],
        },
      },
    ]);
    assert.equal(v.status, 'fail');
    assert.equal(
      v.message,
      "Authenticate web activities with a client certificate: activity 'CallApi' (WebActivity) uses 'Basic'; activity 'Notify' (WebHook, inside IfCondition 'Branch') has no authentication (anonymous); activity 'Flat' (WebActivity, inside Switch 'Route') uses 'ServicePrincipal'.",
    );
    assert.deepEqual(v.reasons?.map((r) => r.ref), [
      built.ref('properties.activities[0].typeProperties.authentication.type'),
      built.ref('properties.activities[2].typeProperties.activities[0].typeProperties.ifTrueActivities[0]'),
      built.ref('properties.activities[3].typeProperties.cases[0].activities[0].typeProperties.authenticationType'),
    ]);
  });

  test('every web activity with a client certificate passes', () => {
    const { v } = pipeline([{ name: 'A', type: 'WebHook', typeProperties: { authentication: { type: 'ClientCertificate' } } }]);
    assert.equal(v.status, 'pass');
    assert.equal(v.message, "Every web activity authenticates with a client certificate: activity 'A' (WebHook) uses 'ClientCertificate'.");
  });

  test('unresolved activities are unknown', () => {
    const { v } = pipeline({ $unresolved: "[variables('acts')]", reason: 'no value' });
    assert.equal(v.status, 'unknown');
    assert.equal(v.message, "Cannot tell whether every web activity authenticates with a client certificate: activities comes from [variables('acts')], which cannot be resolved (no value).");
  });

  test('10,000 levels of nested ForEach do not overflow the stack', () => {
    let inner: Json = [{ name: 'Deep', type: 'WebActivity', typeProperties: {} }];
    for (let i = 0; i < 10000; i++) inner = [{ name: `L${i}`, type: 'ForEach', typeProperties: { activities: inner } }];
    // Build the body by hand: the builder itself recurses, so give it a shallow wrapper around a deep node.
    const built = buildResource({ type: 'Microsoft.DataFactory/factories/pipelines', name: 'adf1/deep', body: { properties: {} } });
    const toNode = (value: Json): VNode => {
      // iterative conversion of the nested arrays
      type Frame = { src: Json; set: (n: VNode) => void };
      let root!: VNode;
      const stack: Frame[] = [{ src: value, set: (n) => (root = n) }];
      while (stack.length > 0) {
        const { src, set } = stack.pop()!;
        if (Array.isArray(src)) {
          const arr: ArrayNode = { t: 'array', items: [] };
          set(arr);
          src.forEach((item, idx) => stack.push({ src: item, set: (n) => (arr.items[idx] = n) }));
        } else if (src !== null && typeof src === 'object') {
          const obj: ObjectNode = { t: 'object', props: new Map() };
          set(obj);
          for (const [k, val] of Object.entries(src)) stack.push({ src: val, set: (n) => obj.props.set(k.toLowerCase(), { name: k, value: n }) });
        } else {
          set({ t: 'scalar', value: src });
        }
      }
      return root;
    };
    const props = built.resource.body.props.get('properties')!.value;
    assert.equal(props.t, 'object');
    if (props.t === 'object') props.props.set('activities', { name: 'activities', value: toNode(inner) });
    const v = azmMtls006.check(built.resource, ruleContext());
    assert.equal(v?.status, 'fail');
    assert.match(v!.message, /activity 'Deep' \(WebActivity, inside ForEach 'L0'\) has no authentication \(anonymous\)/);
  });
});
