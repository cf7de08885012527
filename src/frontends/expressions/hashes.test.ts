import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { guid, uniqueString, uuidV5 } from './hashes.js';
import { call } from './test-helpers.js';

describe('uniqueString', () => {
  // Outputs of real ARM deployments, as published:
  const published: [string[], string, string][] = [
    // https://github.com/takekazuomi/arm-uniquestring (README; runs Microsoft's Azure.Deployments.Expression)
    [['test'], 'rbgf3xv4ufgzg', 'takekazuomi/arm-uniquestring'],
    // https://github.com/JasonWhall/go-azure-uniquestring (README)
    [['hello', 'world'], 'a7wkljktk6wne', 'JasonWhall/go-azure-uniquestring'],
    // https://stackoverflow.com/questions/43295720/azure-arm-uniquestring-function-mimic
    [['tyeth'], 'zcztcwvu6iyg6', 'stackoverflow 43295720'],
    // https://github.com/KingslandConsulting/Kingsland.ArmLinter, ArmFunctions_UniqueString.cs
    // (values from deploying a template with New-AzResourceGroupDeployment)
    [['aaa'], 'zavj67f3en4hc', 'Kingsland.ArmLinter'],
    [['bbb'], 'w5eragfxe33cy', 'Kingsland.ArmLinter'],
    [['zzz'], 'cryksdzzzawae', 'Kingsland.ArmLinter'],
    [['xxx', 'yyy', 'zzz'], 'lghi7k5js7itq', 'Kingsland.ArmLinter'],
  ];
  for (const [parts, expected, source] of published) {
    test(`uniqueString(${parts.map((p) => `'${p}'`).join(', ')}) = ${expected} (${source})`, () => {
      assert.equal(uniqueString(...parts), expected);
      assert.equal(call('uniqueString', ...parts), expected);
    });
  }

  test('every tail length of the 8-byte blocks', () => {
    // 0..9 bytes exercise the empty input, each partial tail of both lanes and a full block plus tail.
    const outputs = new Set<string>();
    for (let n = 0; n <= 9; n++) {
      const s = uniqueString('x'.repeat(n));
      assert.match(s, /^[a-z2-7]{13}$/);
      outputs.add(s);
    }
    assert.equal(outputs.size, 10);
  });

  test('arguments are joined with a hyphen, so the split does not matter', () => {
    assert.equal(uniqueString('hello', 'world'), uniqueString('hello-world'));
    assert.notEqual(uniqueString('helloworld'), uniqueString('hello', 'world'));
  });

  test('UTF-8 bytes, not UTF-16 code units', () => {
    assert.notEqual(uniqueString('é'), uniqueString('e'));
    assert.match(uniqueString('名前'), /^[a-z2-7]{13}$/);
  });

  test('case-insensitive function name; non-string arguments are rejected', () => {
    assert.equal(call('UNIQUESTRING', 'test'), 'rbgf3xv4ufgzg');
    assert.throws(() => call('uniqueString', 'a', 1), /expects its second argument to be a string, but got an int/);
    assert.throws(() => call('uniqueString'), /expects at least 1 argument, but got 0/);
  });
});

describe('guid', () => {
  test('the UUID v5 construction matches the RFC 9562 worked example', () => {
    // RFC 9562 appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
    assert.equal(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com'), '2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  test('guid() is UUID v5 in the ARM namespace over the arguments joined with a hyphen', () => {
    const armNamespace = '11fb06fb-712d-4ddd-98c7-e71bbd588830';
    assert.equal(guid('a', 'b', 'c'), uuidV5(armNamespace, 'a-b-c'));
    // Cross-checked with Python: uuid.uuid5(uuid.UUID('11fb06fb-712d-4ddd-98c7-e71bbd588830'), 'a-b-c')
    assert.equal(guid('a', 'b', 'c'), 'a98fa280-e03f-5afa-8d8e-92d0a9c201e8');
    assert.equal(call('guid', 'a', 'b', 'c'), 'a98fa280-e03f-5afa-8d8e-92d0a9c201e8');
  });

  test('version and variant bits', () => {
    const g = guid('/subscriptions/x/resourceGroups/rg', 'contributor');
    assert.match(g, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(g, guid('/subscriptions/x/resourceGroups/rg', 'contributor'));
    assert.notEqual(g, guid('/subscriptions/x/resourceGroups/rg', 'Contributor'));
  });
});
