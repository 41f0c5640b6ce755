pcall(nil) local a = nil + 1
