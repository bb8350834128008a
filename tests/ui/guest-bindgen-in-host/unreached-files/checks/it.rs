mod helper;
