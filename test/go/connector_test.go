// Flyte's own connector plugin (flyteplugins go/tasks/plugins/webapi/connector) against `plugbench serve`: the
// plugin FlytePropeller runs, discovering the agents with ListAgents and driving a task with CreateTask, GetTask
// (through the webapi AutoRefresh cache) and its phase mapping (Status), under flyteplugins' own end-to-end harness
// (tests.RunPluginEndToEndTest). The server's address comes from PLUGBENCH_SERVE_ADDRESS; test/go/go-connector.test.ts
// starts the server and runs this test.
package connector_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/mock"
	structpb "google.golang.org/protobuf/types/known/structpb"

	"github.com/flyteorg/flyte/flyteidl/clients/go/coreutils"
	idlCore "github.com/flyteorg/flyte/flyteidl/gen/pb-go/flyteidl/core"
	"github.com/flyteorg/flyte/flyteplugins/go/tasks/pluginmachinery"
	pluginCore "github.com/flyteorg/flyte/flyteplugins/go/tasks/pluginmachinery/core"
	pluginCoreMocks "github.com/flyteorg/flyte/flyteplugins/go/tasks/pluginmachinery/core/mocks"
	"github.com/flyteorg/flyte/flyteplugins/go/tasks/plugins/webapi/connector"
	"github.com/flyteorg/flyte/flyteplugins/tests"
	"github.com/flyteorg/flyte/flytestdlib/contextutils"
	"github.com/flyteorg/flyte/flytestdlib/promutils"
	"github.com/flyteorg/flyte/flytestdlib/promutils/labeled"
)

// The connector plugin's core entry, as FlytePropeller builds it: RegisterConnectorPlugin discovers the task types
// with ListAgents and registers the webapi entry, which the registry turns into a core plugin with CreateRemotePlugin.
func loadConnectorPlugin(t *testing.T, address string) pluginCore.Plugin {
	cfg := *connector.GetConfig()
	cfg.DefaultConnector.Endpoint = address
	cfg.DefaultConnector.Insecure = true
	cfg.WebAPI.ResourceQuotas = map[pluginCore.ResourceNamespace]int{}
	cfg.WebAPI.Caching.Workers = 1
	cfg.WebAPI.Caching.ResyncInterval.Duration = 5 * time.Second
	assert.NoError(t, connector.SetConfig(&cfg))

	service := &connector.ConnectorService{}
	connector.RegisterConnectorPlugin(service)
	assert.True(t, service.ContainTaskType("countdown"), "ListAgents discovered the countdown task type")

	var entry *pluginCore.PluginEntry
	for _, e := range pluginmachinery.PluginRegistry().GetCorePlugins() {
		if e.ID == "connector-service" {
			e := e
			entry = &e
		}
	}
	if entry == nil {
		t.Fatal("the connector-service plugin was not registered")
	}
	registrar := &pluginCoreMocks.ResourceRegistrar{}
	registrar.On("RegisterResourceQuota", mock.Anything, mock.Anything, mock.Anything).Return(nil)
	labeled.SetMetricKeys(contextutils.NamespaceKey)
	setup := &pluginCoreMocks.SetupContext{}
	setup.EXPECT().MetricsScope().Return(promutils.NewScope("plugbench_serve_e2e"))
	setup.EXPECT().ResourceRegistrar().Return(registrar)
	plugin, err := entry.LoadPlugin(context.TODO(), setup)
	assert.NoError(t, err)
	return plugin
}

func countdownTemplate(t *testing.T, custom map[string]interface{}) *idlCore.TaskTemplate {
	st, err := structpb.NewStruct(custom)
	assert.NoError(t, err)
	integer := &idlCore.LiteralType{Type: &idlCore.LiteralType_Simple{Simple: idlCore.SimpleType_INTEGER}}
	return &idlCore.TaskTemplate{
		Type:   "countdown",
		Custom: st,
		Interface: &idlCore.TypedInterface{
			Inputs:  &idlCore.VariableMap{Variables: map[string]*idlCore.Variable{"x": {Type: integer}}},
			Outputs: &idlCore.VariableMap{Variables: map[string]*idlCore.Variable{"o0": {Type: integer}}},
		},
	}
}

func TestConnectorPluginAgainstPlugbenchServe(t *testing.T) {
	address := os.Getenv("PLUGBENCH_SERVE_ADDRESS")
	if address == "" {
		t.Fatal("PLUGBENCH_SERVE_ADDRESS is not set: run this test through test/go/go-connector.test.ts, which starts plugbench serve")
	}
	plugin := loadConnectorPlugin(t, address)
	iter := func(ctx context.Context, tCtx pluginCore.TaskExecutionContext) error { return nil }

	t.Run("a task succeeds with the outputs plugbench serve returns", func(t *testing.T) {
		inputs, err := coreutils.MakeLiteralMap(map[string]interface{}{"x": 21})
		assert.NoError(t, err)
		expected, err := coreutils.MakeLiteralMap(map[string]interface{}{"o0": 42})
		assert.NoError(t, err)
		phase := tests.RunPluginEndToEndTest(t, plugin, countdownTemplate(t, map[string]interface{}{"durationMs": 200}), inputs, expected, nil, iter)
		assert.True(t, phase.Phase().IsSuccess(), "phase %v", phase.Phase())
	})

	// One subtest only: RunPluginEndToEndTest gives every task the same TaskExecutionIdentifier, so a second task in
	// this process would be the same attempt to the server, which answers it with the first execution (CreateTask is
	// idempotent per attempt). Failures and aborts are covered by the TypeScript and Python clients.

}
