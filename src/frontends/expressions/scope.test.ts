// Scope, deployment and resource ID functions.
// https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource
// https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-scope
// https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-deployment
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Unresolved, type Value } from '../../model/value.js';
import { callFunction, defaultScope, type FunctionContext } from './functions.js';
import { SUB, call, known, unknownScope } from './test-helpers.js';

const at = (ctx: FunctionContext, name: string, ...args: Value[]): Value => callFunction(name, args, ctx);
const RG = `/subscriptions/${SUB}/resourceGroups/rg-app`;

describe('resource IDs', () => {
  test('resourceId at resource group scope, nested types zipped with names', () => {
    assert.equal(call('resourceId', 'Microsoft.Web/sites', 'api'), `${RG}/providers/Microsoft.Web/sites/api`);
    assert.equal(call('resourceId', 'Microsoft.Web/sites/slots', 'a', 'b'), `${RG}/providers/Microsoft.Web/sites/a/slots/b`);
    assert.equal(call('resourceId', 'Microsoft.Web/sites/slots', 'a/b'), `${RG}/providers/Microsoft.Web/sites/a/slots/b`);
  });

  test('resourceId with a resource group, or a subscription and a resource group, first', () => {
    assert.equal(
      call('resourceId', 'otherResourceGroup', 'Microsoft.Storage/storageAccounts', 'examplestorage'),
      `/subscriptions/${SUB}/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage`,
    );
    assert.equal(
      call('resourceId', '11111111-1111-1111-1111-111111111111', 'otherRG', 'Microsoft.Sql/servers/databases', 'serverName', 'databaseName'),
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/otherRG/providers/Microsoft.Sql/servers/serverName/databases/databaseName',
    );
  });

  test('resourceId follows the deployment scope', () => {
    const sub: FunctionContext = { scope: { ...known.scope, targetScope: 'subscription' } };
    const tenant: FunctionContext = { scope: { ...known.scope, targetScope: 'tenant' } };
    assert.equal(at(sub, 'resourceId', 'Microsoft.Resources/resourceGroups', 'rg1'), `/subscriptions/${SUB}/providers/Microsoft.Resources/resourceGroups/rg1`);
    assert.equal(at(tenant, 'resourceId', 'Microsoft.Management/managementGroups', 'mg1'), '/providers/Microsoft.Management/managementGroups/mg1');
  });

  test('the other ID functions', () => {
    assert.equal(
      call('subscriptionResourceId', 'Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c'),
      `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
    );
    assert.equal(
      call('subscriptionResourceId', 'sub2', 'Microsoft.Resources/resourceGroups', 'rg'),
      '/subscriptions/sub2/providers/Microsoft.Resources/resourceGroups/rg',
    );
    assert.equal(
      call('tenantResourceId', 'Microsoft.Authorization/policyDefinitions', '0a914e76-4921-4c19-b460-a2d36003525a'),
      '/providers/Microsoft.Authorization/policyDefinitions/0a914e76-4921-4c19-b460-a2d36003525a',
    );
    assert.equal(
      call('managementGroupResourceId', 'mg1', 'Microsoft.Authorization/policyDefinitions', 'p1'),
      '/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Authorization/policyDefinitions/p1',
    );
    assert.equal(
      call('extensionResourceId', `${RG}/providers/Microsoft.Web/sites/api`, 'Microsoft.Authorization/locks', 'lock1'),
      `${RG}/providers/Microsoft.Web/sites/api/providers/Microsoft.Authorization/locks/lock1`,
    );
  });

  test('names must match the type segments', () => {
    assert.throws(
      () => call('resourceId', 'Microsoft.Web/sites/slots', 'a'),
      /The template function 'resourceId' needs 2 resource names for the type 'Microsoft.Web\/sites\/slots', but got 1\./,
    );
    assert.throws(() => call('resourceId', 'a', 'b', 'c', 'Microsoft.Web/sites', 'x'), /accepts at most 2 arguments before the resource type/);
    assert.throws(() => call('resourceId', 'sites', 'x'), /expects a resource type such as 'Microsoft.Web\/sites' among its arguments/);
    assert.throws(() => call('tenantResourceId', 'x', 'Microsoft.Web/sites', 'a'), /accepts at most 0 arguments before the resource type/);
  });

  test('an ID built from an unknown subscription is unresolved, with the reason', () => {
    const v = at(unknownScope, 'resourceId', 'Microsoft.Web/sites', 'api');
    assert.ok(v instanceof Unresolved);
    assert.equal(v.reason, 'subscription().subscriptionId is known only at deployment time');
    // A tenant-level ID needs no scope facts.
    assert.equal(at(unknownScope, 'tenantResourceId', 'Microsoft.Authorization/policyDefinitions', 'p'), '/providers/Microsoft.Authorization/policyDefinitions/p');
  });
});

describe('scope and deployment functions', () => {
  test('resourceGroup() from known facts', () => {
    assert.deepEqual(call('resourceGroup'), {
      id: RG,
      name: 'rg-app',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'westeurope',
      tags: {},
      properties: { provisioningState: 'Succeeded' },
    });
  });

  test('resourceGroup() without a subscription: unknown parts only', () => {
    const rg = at(unknownScope, 'resourceGroup') as Record<string, Value>;
    assert.equal(rg['type'], 'Microsoft.Resources/resourceGroups');
    assert.ok(rg['id'] instanceof Unresolved);
    assert.equal((rg['id'] as Unresolved).expression, 'resourceGroup().id');
    assert.ok(rg['location'] instanceof Unresolved);
  });

  test('subscription(), tenant(), deployment(), managementGroup()', () => {
    const s = call('subscription') as Record<string, Value>;
    assert.equal(s['id'], `/subscriptions/${SUB}`);
    assert.equal(s['subscriptionId'], SUB);
    assert.ok(s['displayName'] instanceof Unresolved);
    assert.equal((call('tenant') as Record<string, Value>)['tenantId'], '11111111-1111-1111-1111-111111111111');
    assert.equal((call('deployment') as Record<string, Value>)['name'], 'main');
    const mg = at({ scope: { ...known.scope, managementGroupName: 'mg1' } }, 'managementGroup') as Record<string, Value>;
    assert.equal(mg['id'], '/providers/Microsoft.Management/managementGroups/mg1');
  });

  test('environment() is the public cloud', () => {
    const env = call('environment') as Record<string, Record<string, Value>>;
    assert.equal(env['name'] as unknown as string, 'AzureCloud');
    assert.equal(env['resourceManager'] as unknown as string, 'https://management.azure.com/');
    assert.equal(env['authentication']!['loginEndpoint'], 'https://login.microsoftonline.com/');
    assert.equal(env['suffixes']!['storage'], 'core.windows.net');
    assert.equal(env['suffixes']!['acrLoginServer'], '.azurecr.io');
    assert.equal(env['suffixes']!['keyvaultDns'], '.vault.azure.net');
    assert.equal(env['suffixes']!['sqlServerHostname'], '.database.windows.net');
  });

  test('deployment-time functions are unresolved with a reason', () => {
    const cases: [string, Value[], string][] = [
      ['newGuid', [], 'newGuid() returns a new value at every deployment'],
      ['utcNow', [], 'utcNow() is the time of the deployment'],
      ['reference', ['myStorage'], 'reference() reads a deployed resource at deployment time'],
      ['listKeys', ['id', '2023-01-01'], 'listKeys() reads a deployed resource at deployment time'],
      ['listAccountSas', ['id', '2023-01-01', {}], 'listAccountSas() reads a deployed resource at deployment time'],
      ['pickZones', ['Microsoft.Compute', 'virtualMachines', 'westus2'], 'pickZones() reads the availability zones of a region at deployment time'],
      ['providers', ['Microsoft.Web'], 'providers() reads resource provider metadata at deployment time'],
      ['deployer', [], 'the deploying identity is known only at deployment time'],
    ];
    for (const [name, args, reason] of cases) {
      const v = call(name, ...args);
      assert.ok(v instanceof Unresolved, name);
      assert.equal(v.reason, reason);
    }
  });
});

describe('resourceId leniency that ARM itself has', () => {
  test('a trailing slash on the resource type is accepted, as deployments accept it', () => {
    const ctx = { scope: { ...defaultScope(), subscriptionId: 'sub', resourceGroupName: 'rg' } };
    assert.equal(
      callFunction('resourceId', ['Microsoft.Network/virtualNetworks/subnets/', 'vnet', 'default'], ctx),
      '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default',
    );
  });
});

describe('deployment()', () => {
  test('has a location, unknown until deployment, at subscription scope; none at resource group scope', () => {
    const sub = callFunction('deployment', [], { scope: { ...defaultScope(), targetScope: 'subscription' } }) as Record<string, Value>;
    assert.ok(sub.location instanceof Unresolved);
    const rg = callFunction('deployment', [], { scope: defaultScope() }) as Record<string, Value>;
    assert.equal('location' in rg, false);
  });
});
