// BitmapCommands (being written).
extension Server {
    static func bitmapCommands() -> [(String, CommandHandler)] { [] }
}
