/**
 * AZM-MTLS-008: Managed Instance for Apache Cassandra rejects connections without a trusted client
 * certificate only when `clientCertificates` is set ("if clientCertificates is set, the managed Cassandra
 * cluster will reject all connections not bearing a TLS client certificate that can be validated").
 * A hybrid cluster (external seed nodes) also needs `externalGossipCertificates` to authenticate gossip
 * from the unmanaged data centers.
 */
import { attr, type Attr } from '../../model/access.js';
import type { Resource } from '../../model/resource.js';
import { defineRule, type Verdict } from '../../engine/rule.js';
import { allOf, judgeAttr, outcome, toVerdict, type Judged, type Outcome } from '../support/outcome.js';
import { knownList, plural } from '../support/values.js';
import { limitationOutcomes } from '../support/limitations.js';
import { azTarget, nameAt } from '../support/az-target.js';
import { CWE, sharedFrameworks } from '../support/metadata.js';
import { propName } from '../support/names.js';

const WORDING = {
  fail: 'Require client certificates',
  pass: 'Client certificates are required',
  unknown: 'Cannot tell whether client certificates are required',
};

interface Names {
  clientCertificates: string;
  gossip: string;
  seeds: string;
  authenticationMethod: string;
}

function namesOf(resource: Resource): Names {
  return {
    clientCertificates: propName(resource, 'properties.clientCertificates'),
    gossip: propName(resource, 'properties.externalGossipCertificates'),
    seeds: propName(resource, 'properties.externalSeedNodes'),
    authenticationMethod: propName(resource, 'properties.authenticationMethod'),
  };
}

function judgeClientCertificates(label: string) {
  return (a: Attr): Judged => {
    const l = knownList(a, label);
    if (l.kind === 'invalid') return { state: 'fail', text: l.text };
    if (l.kind === 'absent' || l.items.length === 0) {
      return {
        state: 'fail',
        text: `${label} is ${l.kind === 'absent' ? 'not set' : 'empty'}, so the cluster accepts connections without a client certificate`,
      };
    }
    return { state: 'pass', text: `${label} has ${plural(l.items.length, 'certificate')}` };
  };
}

function seedCount(a: Attr): number | 'unknown' {
  if (a.origin === 'unresolved') return 'unknown';
  const l = knownList(a, 'externalSeedNodes');
  return l.kind === 'list' ? l.items.length : 0;
}

function gossipOutcome(resource: Resource, names: Names): Outcome | undefined {
  const seedsAttr = attr(resource, 'properties.externalSeedNodes');
  const seeds = seedCount(seedsAttr);
  if (seeds === 0) return undefined;
  const gossip = judgeAttr(attr(resource, 'properties.externalGossipCertificates'), names.gossip, (a) => {
    const l = knownList(a, names.gossip);
    if (l.kind === 'invalid') return { state: 'fail', text: l.text };
    if (l.kind === 'absent' || l.items.length === 0) {
      return {
        state: 'fail',
        text: `${names.gossip} is ${l.kind === 'absent' ? 'not set' : 'empty'} although ${names.seeds} makes this a hybrid cluster${
          typeof seeds === 'number' ? ` (${plural(seeds, 'external seed node')})` : ''
        }, so gossip from unmanaged data centers is not authenticated by certificate`,
      };
    }
    return { state: 'pass', text: `${names.gossip} has ${plural(l.items.length, 'certificate')}` };
  });
  if (seeds !== 'unknown' || gossip.state === 'pass') return gossip;
  // Whether the cluster is hybrid is not known, and gossip certificates are missing: that decides nothing yet.
  return judgeAttr(seedsAttr, names.seeds, () => ({ state: 'unknown', text: '' }));
}

function check(resource: Resource): Verdict {
  const limited = limitationOutcomes(resource);
  if (limited.length > 0) return toVerdict(allOf(limited), WORDING);
  const names = namesOf(resource);
  const outcomes: Outcome[] = [judgeAttr(attr(resource, 'properties.clientCertificates'), names.clientCertificates, judgeClientCertificates(names.clientCertificates))];
  const gossip = gossipOutcome(resource, names);
  if (gossip) outcomes.push(gossip);
  const auth = attr(resource, 'properties.authenticationMethod');
  const c = allOf(outcomes);
  if (c.state === 'fail' && auth.node?.t === 'scalar' && typeof auth.node.value === 'string' && auth.node.value.toLowerCase() === 'none') {
    c.deciding.push(outcome('fail', `${names.authenticationMethod} is 'None', so no password is asked either`, { ref: auth.ref }));
  }
  return toVerdict(c, WORDING);
}

function azCli(resource: Resource): string {
  const t = azTarget(resource);
  const base = `az managed-cassandra cluster update --resource-group ${t.resourceGroup} --cluster-name ${nameAt(t, 0, '<cluster>')} --client-certificates <client-ca.pem>`;
  return seedCount(attr(resource, 'properties.externalSeedNodes')) !== 0 ? `${base} --external-gossip-certificates <gossip-ca.pem>` : base;
}

export const azmMtls008 = defineRule(
  {
    id: 'AZM-MTLS-008',
    slug: 'cassandra-client-certificates',
    title: 'Managed Cassandra clusters require client certificates',
    description:
      'A Managed Instance for Apache Cassandra cluster rejects connections without a trusted client certificate only when clientCertificates lists the certificates that authorize clients; without it, clients authenticate with passwords only. A hybrid cluster (externalSeedNodes non-empty) must also list externalGossipCertificates so that gossip from unmanaged data centers is authenticated.',
    severity: 'medium',
    cwe: [...CWE],
    frameworks: sharedFrameworks(),
    aliases: [{ tool: 'sonar', id: 'S6382' }],
    appliesTo: ['Microsoft.DocumentDB/cassandraClusters'],
    remediation: {
      summary: 'Set clientCertificates to the PEM certificates that authorize clients; for hybrid clusters also set externalGossipCertificates.',
      portal:
        'The portal has no field for client certificates: use az managed-cassandra cluster update, Update-AzManagedCassandraCluster -ClientCertificate, or the template.',
      azCli,
      arm: '"properties": {\n  "clientCertificates": [\n    { "pem": "[parameters(\'clientCaPem\')]" }\n  ]\n}',
      bicep: 'properties: {\n  clientCertificates: [\n    {\n      pem: clientCaPem\n    }\n  ]\n}',
      terraform: 'client_certificate_pems = [file("${path.module}/client-ca.pem")]',
    },
    docs: 'src/rules/mtls/azm-mtls-008-cassandra.md',
  },
  check,
);
