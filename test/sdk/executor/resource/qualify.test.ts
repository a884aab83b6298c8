// Name qualification of Flyte's resource manager proxies (resourcemanager.go, resourceconstraints.go).
import assert from 'node:assert/strict';
import {
  composeNamespacePrefix,
  composeNamespaceScopePrefix,
  composeProjectScopePrefix,
  composeResourceConstraints,
  composeTokenPrefix,
  qualifyNamespace,
  qualifyToken,
} from '@plugbench/sdk';

const exec = { project: 'flytesnacks', domain: 'development', name: 'f3a9c1' };

describe('executor/resource: qualification', () => {
  it('namespaces are <rmID>:<pluginID>:<ns>', () => {
    assert.equal(composeNamespacePrefix('redisresourcemanager', 'webapi'), 'redisresourcemanager:webapi');
    assert.equal(qualifyNamespace('redisresourcemanager', 'webapi', 'default'), 'redisresourcemanager:webapi:default');
    assert.equal(
      qualifyNamespace('noopresourcemanager', 'hive', 'cluster:primary'),
      'noopresourcemanager:hive:cluster:primary',
    );
    assert.equal(qualifyNamespace('r', 'p', ''), 'r:p:', 'no validation, as Go CreateSubNamespace');
  });

  it('tokens are ex:<project>:<domain>:<execName>-<token>', () => {
    assert.equal(composeProjectScopePrefix(exec), 'ex:flytesnacks');
    assert.equal(composeNamespaceScopePrefix(exec), 'ex:flytesnacks:development');
    assert.equal(composeTokenPrefix(exec), 'ex:flytesnacks:development:f3a9c1');
    assert.equal(qualifyToken(exec, 'n0-0-a1'), 'ex:flytesnacks:development:f3a9c1-n0-0-a1');
    assert.equal(qualifyToken(exec, ''), 'ex:flytesnacks:development:f3a9c1-');
  });

  it('constraints compile project first, then namespace, each only when present', () => {
    assert.deepEqual(composeResourceConstraints({}, exec), []);
    assert.deepEqual(composeResourceConstraints({ namespaceScopeResourceConstraint: { value: 3 } }, exec), [
      { targetedPrefix: 'ex:flytesnacks:development', value: 3 },
    ]);
    assert.deepEqual(composeResourceConstraints({ projectScopeResourceConstraint: { value: 0 } }, exec), [
      { targetedPrefix: 'ex:flytesnacks', value: 0 },
    ]);
    assert.deepEqual(
      composeResourceConstraints(
        { namespaceScopeResourceConstraint: { value: 1 }, projectScopeResourceConstraint: { value: 2 } },
        exec,
      ),
      [
        { targetedPrefix: 'ex:flytesnacks', value: 2 },
        { targetedPrefix: 'ex:flytesnacks:development', value: 1 },
      ],
    );
  });
});
