import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Unresolved } from '../../model/value.js';
import { ExpressionError } from './functions.js';
import { call } from './test-helpers.js';

// Expected values from the examples of
// https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-cidr
describe('IP address functions', () => {
  test('parseCidr gives network, netmask, broadcast, usable range and prefix', () => {
    assert.deepEqual(call('parseCidr', '10.144.0.0/20'), {
      network: '10.144.0.0',
      netmask: '255.255.240.0',
      broadcast: '10.144.15.255',
      firstUsable: '10.144.0.1',
      lastUsable: '10.144.15.254',
      cidr: 20,
    });
  });

  test('cidrSubnet splits a range into numbered subnets', () => {
    assert.equal(call('cidrSubnet', '10.144.0.0/20', 24, 0), '10.144.0.0/24');
    assert.equal(call('cidrSubnet', '10.144.0.0/20', 24, 4), '10.144.4.0/24');
    assert.equal(call('cidrSubnet', '10.144.0.0/20', 24, 15), '10.144.15.0/24');
    assert.throws(() => call('cidrSubnet', '10.144.0.0/20', 24, 16), ExpressionError);
    assert.throws(() => call('cidrSubnet', '10.144.0.0/20', 16, 0), ExpressionError);
  });

  test('cidrHost counts usable hosts from the first address after the network address', () => {
    assert.equal(call('cidrHost', '10.144.3.0/24', 0), '10.144.3.1');
    assert.equal(call('cidrHost', '10.144.3.0/24', 253), '10.144.3.254');
    assert.throws(() => call('cidrHost', '10.144.3.0/24', 254), ExpressionError);
  });

  test('IPv6 ranges stay unresolved; malformed ranges are template faults', () => {
    assert.ok(call('parseCidr', 'fdad:3236:5555::/48') instanceof Unresolved);
    assert.throws(() => call('parseCidr', '10.0.0/8'), ExpressionError);
    assert.throws(() => call('parseCidr', '10.0.0.300/8'), ExpressionError);
  });
});
