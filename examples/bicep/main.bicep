// A function app and its Web PubSub hub, deployed through a local module.
@description('Name prefix for every resource.')
param prefix string = 'fabrikam'

@allowed([
  'Required'
  'Optional'
])
param certMode string = 'Required'

module functions 'modules/function-app.bicep' = {
  name: 'functions'
  params: {
    name: '${prefix}-events'
    clientCertMode: certMode
  }
}

resource pubsub 'Microsoft.SignalRService/webPubSub@2024-03-01' = {
  name: '${prefix}-pubsub'
  location: resourceGroup().location
  sku: {
    name: 'Standard_S1'
    capacity: 1
  }
  properties: {
    tls: {
      clientCertEnabled: false
    }
  }
}
