// PluginAPI
