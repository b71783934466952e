mod staffing;
