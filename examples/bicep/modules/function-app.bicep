param name string
param location string = resourceGroup().location
param clientCertMode string = 'Optional'
param exclusionPaths string = ''

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: name
  location: location
  kind: 'functionapp,linux'
  properties: {
    httpsOnly: true
    clientCertEnabled: true
    clientCertMode: clientCertMode
    clientCertExclusionPaths: empty(exclusionPaths) ? null : exclusionPaths
  }

  resource staging 'slots' = {
    name: 'staging'
    location: location
    properties: {
      clientCertEnabled: true
    }
  }
}
